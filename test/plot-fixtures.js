'use strict';
// Small mprofile files for the plot tests: the ones that crashed the terminal chart, FUNC spans,
// a straight line for --slope.
const EDGES = {
  'one.dat': 'CMDLINE sleep 0.05\nMEM 1.500000 100.0000\n',
  'same.dat': 'MEM 1.5 100.0\nMEM 2.0 100.0\n',
  'nan.dat': 'MEM 1.5 100.0\nMEM nan 101.0\nMEM inf 102.0\nMEM 3.0 103.0\n',
  'chld.dat': 'MEM 1.5 100.0\nCHLD 7 1.0 100.0\nMEM 2.0 101.0\nCHLD 7 3.0 100.5\nMEM 2.5 102.0\nCHLD 8 9.0 101.5\n',
  'long.dat': 'MEM 1.0 200.0\nMEM 2.0 210.0\n',
  'func.dat': 'CMDLINE node app.js\nMEM 10.0 100.0\nMEM 12.0 100.5\nFUNC app.build 12.0 100.5 30.0 101.5 0\n'
    + 'FUNC app.inner 15.0 100.7 25.0 101.2 1\nMEM 20.0 101.0\nMEM 30.0 101.5\nMEM 14.0 102.0\n',
  'line.dat': 'MEM 10.0 100.0\nMEM 12.0 101.0\nMEM 14.0 102.0\nMEM 16.0 103.0\n',
};

module.exports = { EDGES };
