/**
 * Why a browser request came from another site, or null. Browsers send Sec-Fetch-Site and, on
 * every request that changes state, Origin; a request with neither is not a browser's, and a
 * cookie alone cannot be sent by another site's page.
 */
export function crossSiteReason(headers: {
  host?: string;
  origin?: string;
  'sec-fetch-site'?: string;
}): string | null {
  const site = headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return `Sec-Fetch-Site is ${site}`;
  }
  const origin = headers.origin;
  if (origin === undefined) return null;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return `Origin ${origin.slice(0, 100)} is not a URL`;
  }
  return host === headers.host ? null : `Origin ${origin.slice(0, 100)} is not this site`;
}
