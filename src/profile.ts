// memkit/profile: the line profiler's load-time entry, for `node --import memkit/profile` or
// `node --require memkit/profile` (what `memkit profile script.js` does): profiled functions
// are instrumented as their modules load, and the tables print on stdout at exit.
import './lineprofiler/preload.js';
