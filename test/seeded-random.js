'use strict';
// xorshift32, seeded: a test that draws its inputs from it names values that can be reproduced.

/** A generator of uint32 values from `seed`. */
function xorshift32(seed) {
  let s = seed >>> 0;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s;
  };
}

module.exports = { xorshift32 };
