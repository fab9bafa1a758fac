/**
 * Random bytes from the Web Crypto API, which Node (globalThis.crypto) and browsers both have:
 * the host's nonces and temporary names need no Node module.
 */
export function randomBytes(count: number): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(count));
}

/** `count` random bytes as hexadecimal (a temporary file's name). */
export function randomHex(count: number): string {
  return Array.from(randomBytes(count), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** `count` random bytes in base64 (a Content-Security-Policy nonce). */
export function randomBase64(count: number): string {
  return btoa(String.fromCharCode(...randomBytes(count)));
}
