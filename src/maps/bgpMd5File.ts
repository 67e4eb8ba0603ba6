/**
 * bgp_daemon_md5_file (examples/bgp_md5.lst.example in pmacct): one BGP
 * peer and its TCP-MD5 password per line, "<address>, <password>", '!'
 * starting a comment.
 *
 * pmacct's reading of a line, kept here because operators' files were
 * written against it:
 * - every whitespace character is removed first, inside the password too
 *   ("my secret" is the key "mysecret");
 * - the line is split at commas: the first field is the address (no
 *   prefix), the second the password, anything after a second comma is
 *   ignored;
 * - a password longer than 79 characters is cut to 79 (the kernel takes
 *   80 bytes; pmacct keeps a C string in the 80-byte buffer);
 * - a line without a valid address or without a password is skipped with
 *   pmacct's warning; at most 8192 peers are loaded.
 * The file is read once, at startup (pmacct does not reload it on SIGUSR2).
 */
import { parseIp } from '../model/ipText.ts';
import { readMapFile } from './mapFile.ts';

export interface Md5Peer {
  /** The peer's address as written. */
  address: string;
  /** AF_INET or AF_INET6. */
  family: number;
  password: string;
}

/** pmacct's BGP_MD5_MAP_ENTRIES. */
export const MD5_FILE_MAX_PEERS = 8192;
/** pmacct copies the password into TCP_MD5SIG_MAXKEYLEN (80) bytes with its terminating NUL. */
const MAX_PASSWORD_CHARS = 79;

export function parseBgpMd5File(text: string, file: string, warn: (message: string) => void): Md5Peer[] {
  const peers: Md5Peer[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\s+/g, '');
    if (line === '' || line.startsWith('!')) continue;
    if (peers.length >= MD5_FILE_MAX_PEERS) {
      warn(`[${file}] loaded the first ${MD5_FILE_MAX_PEERS} entries.`);
      break;
    }
    const [address = '', password = ''] = line.split(',');
    const family = parseIp(address, new Uint8Array(16));
    if (family === 0 || password === '') {
      warn(`[${file}] line '${line}' ignored.`);
      continue;
    }
    peers.push({ address, family, password: password.slice(0, MAX_PASSWORD_CHARS) });
  }
  return peers;
}

export function loadBgpMd5File(file: string, warn: (message: string) => void): Md5Peer[] {
  return parseBgpMd5File(readMapFile(file, 'bgp_daemon_md5_file'), file, warn);
}
