// Lazy entry point for the DCAP verifier (bundled as dist/vendor/dcap.js, loaded on the first quote
// verification). Only the offline parts, imported by path: the package entry also loads its own
// collateral fetcher with node-fetch (about 300 KB bundled), and our collateral comes through
// ChutesClient instead (src/core/attest/collateral.ts). Types: src/core/attest/dcap-qvl.d.ts.
import * as constants from '@phala/dcap-qvl/src/constants';
import * as utils from '@phala/dcap-qvl/src/utils';

export { verify } from '@phala/dcap-qvl/src/verify';
export { constants, utils };
