// Lazy entry point for the DCAP verifier (bundled as dist/vendor/dcap.js, loaded on the first quote
// verification). Only the offline parts: collateral is fetched by ChutesClient (src/core/attest/collateral.ts).
export { constants, utils, verify } from '@phala/dcap-qvl';
