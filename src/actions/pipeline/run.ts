import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setupTools } from '../../github/setup-tools.js';
import { runnerInstallers } from '../../github/tool-installers.js';
import { createLocalAdapter } from '../../jobs/local-adapter.js';
import { renderJob } from '../../jobs/render-job.js';
import { abortOnSignals, actionLogger, readRunnerContext } from '../action-context.js';
import { publishAndReport } from '../publish-step.js';
import { readPipelineInputs } from './inputs.js';

/** The whole pipeline in one job: plan, render chunks in parallel worker processes, stitch, publish. */
export async function run(): Promise<void> {
  const inputs = readPipelineInputs();
  const ctx = await readRunnerContext();
  const tools = await setupTools({ browser: inputs.plan.browser, ffmpeg: inputs.plan.ffmpeg, env: process.env, logger: actionLogger, installers: runnerInstallers });
  // Workers are the bundled CLI next to this bundle (dist/cli/index.js).
  const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../cli/index.js');
  const result = await renderJob({
    ...inputs.plan,
    output: path.resolve(ctx.workspace, inputs.plan.output ?? 'video.mp4'),
    browser: tools.browser.path,
    ffmpeg: tools.ffmpeg.path,
    concurrency: inputs.concurrency,
    jobsDir: path.join(ctx.temp, 'helios-jobs'),
    adapter: createLocalAdapter({ command: [process.execPath, cli], extraArgs: ['--browser', tools.browser.path, '--ffmpeg', tools.ffmpeg.path], env: process.env }),
    env: process.env,
    logger: actionLogger,
    signal: abortOnSignals(),
  });
  await publishAndReport(ctx, inputs.publish, {
    spec: result.job.spec,
    video: result.output,
    manifests: result.manifests,
    artifactName: `${result.job.spec.id}-video`,
    ffmpeg: tools.ffmpeg.path,
    wallSeconds: result.wallSeconds,
    stitchSeconds: result.stitchSeconds,
  });
}
