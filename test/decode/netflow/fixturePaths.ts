/** Where the NetFlow/IPFIX test captures and their reference outputs live. */
import { fileURLToPath } from 'node:url';

export const NETFLOW_FIXTURES = fileURLToPath(new URL('../../fixtures/netflow/', import.meta.url));
