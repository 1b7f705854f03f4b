// memkit/profile for `node --import memkit/profile`: the same entry as --require.
import '../profile.js';
