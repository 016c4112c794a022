// The modules of @phala/dcap-qvl that src/core/lazy/dcap.ts imports by path, typed from the
// package's own declarations.
declare module '@phala/dcap-qvl/src/verify' {
  export { verify } from '@phala/dcap-qvl';
}

declare module '@phala/dcap-qvl/src/utils' {
  import type { utils } from '@phala/dcap-qvl';
  const value: typeof utils;
  export = value;
}

declare module '@phala/dcap-qvl/src/constants' {
  import type { constants } from '@phala/dcap-qvl';
  const value: typeof constants;
  export = value;
}
