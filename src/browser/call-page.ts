import type { Page } from 'puppeteer-core';
import type { HeliosPageApi } from './runtime/api.js';

type Method = keyof HeliosPageApi;
type Result<K extends Method> = Awaited<ReturnType<HeliosPageApi[K]>>;

/**
 * Calls the in-page runtime (`window.__helios`, typed by HeliosPageApi) by name: the one
 * way Node reaches code in the page. Arguments travel as JSON.
 */
export async function callPage<K extends Method>(page: Page, name: K, ...args: Parameters<HeliosPageApi[K]>): Promise<Result<K>> {
  return (await page.evaluate(`window.__helios.${name}(...${JSON.stringify(args)})`)) as Result<K>;
}
