import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Octokit } from '@octokit/rest';
import { PublishError, type HeliosErrorOptions } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';

/** The release to publish to does not exist and was not to be created. */
class ReleaseNotFoundError extends PublishError {
  constructor(
    message: string,
    /** The release's tag. */
    readonly tag: string,
    options: HeliosErrorOptions = {},
  ) {
    super(message, options);
  }
}

export interface Repo {
  owner: string;
  repo: string;
}

export interface PublishAssetOptions extends Repo {
  tag: string;
  /** Create the release when it does not exist. */
  createRelease: boolean;
  /** Create it as a prerelease (previews). */
  prerelease?: boolean;
  file: string;
  /** Asset name; default the file's name. */
  name?: string;
  contentType: string;
}

const MAX_ASSET_BYTES = 2 * 1024 ** 3;

/** Finds the release by tag, creating it when asked. */
async function getOrCreateRelease(octokit: Octokit, o: Repo & { tag: string; createRelease: boolean; prerelease?: boolean }) {
  try {
    return (await octokit.repos.getReleaseByTag({ owner: o.owner, repo: o.repo, tag: o.tag })).data;
  } catch (error) {
    if ((error as { status?: number }).status !== 404) throw error;
    if (!o.createRelease) {
      throw new ReleaseNotFoundError(`no release with tag ${o.tag} in ${o.owner}/${o.repo}`, o.tag, { nextStep: 'create it first, or set create-release: true' });
    }
    return (await octokit.repos.createRelease({ owner: o.owner, repo: o.repo, tag_name: o.tag, name: o.tag, prerelease: o.prerelease ?? false })).data;
  }
}

/**
 * Uploads `file` as a release asset, replacing an asset of the same name (GitHub refuses
 * duplicates). Returns the asset's public download URL.
 */
export async function publishReleaseAsset(octokit: Octokit, o: PublishAssetOptions, logger: Logger): Promise<string> {
  const name = o.name ?? path.basename(o.file);
  const size = (await stat(o.file)).size;
  if (size >= MAX_ASSET_BYTES) {
    throw new PublishError(`${name} is ${size} bytes: release assets must be under 2 GiB`, { nextStep: 'lower the quality or split the video' });
  }
  const release = await getOrCreateRelease(octokit, o);
  const assets = await octokit.paginate(octokit.repos.listReleaseAssets, { owner: o.owner, repo: o.repo, release_id: release.id, per_page: 100 });
  for (const old of assets.filter((a) => a.name === name)) {
    logger.info(`replacing release asset ${name} on ${o.tag}`);
    await octokit.repos.deleteReleaseAsset({ owner: o.owner, repo: o.repo, asset_id: old.id });
  }
  const uploaded = await octokit.repos.uploadReleaseAsset({
    owner: o.owner,
    repo: o.repo,
    release_id: release.id,
    url: release.upload_url,
    name,
    data: (await readFile(o.file)) as unknown as string,
    headers: { 'content-type': o.contentType, 'content-length': size },
  });
  return uploaded.data.browser_download_url;
}
