/**
 * Keys sent in clear text: an endpoint whose base URL is plain `http://` to a host other than this machine sends
 * its API key (or, for Bedrock, signed requests and any session token) readable to everyone on the network path.
 * Settings validation and `gearshift doctor` warn about it; nothing is blocked (a LAN GPU box may be intended).
 */
import type { EndpointConfig } from '../types';
import { redactUrl } from './scrub';

/** localhost, 127.0.0.0/8, ::1 (and its IPv4-mapped form ::ffff:127.x.y.z). */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (h === 'localhost') return true;
  if (h === '::1' || /^(0{0,4}:){7}0{0,3}1$/.test(h)) return true;
  const v4 = /^(?:::ffff:)?(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  if (v4 && v4.slice(1).every((o) => Number(o) <= 255)) return Number(v4[1]) === 127;
  // Node's URL parser writes ::ffff:127.0.0.1 as ::ffff:7f00:1.
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(h);
  return !!mapped && parseInt(mapped[1], 16) >> 8 === 127;
}

/**
 * A warning when the endpoint would send a credential over plain http:// to a non-loopback host, else undefined.
 * `hasKey`: whether a key is stored for the endpoint (a server marked requiresKey: false still gets one if set).
 */
export function plainHttpKeyWarning(
  endpoint: Pick<EndpointConfig, 'name' | 'kind' | 'baseUrl' | 'requiresKey'>,
  hasKey?: boolean,
): string | undefined {
  if (!endpoint.baseUrl) return undefined;
  let url: URL;
  try {
    url = new URL(endpoint.baseUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' || isLoopbackHost(url.hostname)) return undefined;
  const inUrl = url.username !== '' || url.password !== '';
  const bedrock = endpoint.kind === 'bedrock';
  const sendsKey = bedrock || inUrl || hasKey === true || endpoint.requiresKey !== false;
  if (!sendsKey) return undefined;
  const what = bedrock ? 'its signed AWS requests (and any session token)' : inUrl ? 'the credentials in its base URL' : 'its API key';
  const fix = bedrock || inUrl ? 'Use https://.' : 'Use https://, or set "requiresKey": false and clear its key if the server needs none.';
  return (
    `Endpoint '${endpoint.name}' sends ${what} over plain http:// to ${url.hostname} (${redactUrl(endpoint.baseUrl)}), ` +
    `readable by anyone on the network path. ${fix}`
  );
}
