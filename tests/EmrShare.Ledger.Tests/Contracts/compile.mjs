// Regenerates LedgerProbe.json (ABI + bytecode) with the repo's solc-js: node tests/EmrShare.Ledger.Tests/Contracts/compile.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, '../../../package.json'));
const solc = require('solc');
const input = {
  language: 'Solidity',
  sources: { 'LedgerProbe.sol': { content: readFileSync(join(here, 'LedgerProbe.sol'), 'utf8') } },
  settings: { evmVersion: 'shanghai', optimizer: { enabled: true, runs: 200 }, outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } } },
};
const output = JSON.parse(solc.compile(JSON.stringify(input)));
const errors = (output.errors ?? []).filter(e => e.severity === 'error');
if (errors.length) { console.error(errors); process.exit(1); }
const c = output.contracts['LedgerProbe.sol'].LedgerProbe;
writeFileSync(join(here, 'LedgerProbe.json'), JSON.stringify({ abi: c.abi, bytecode: '0x' + c.evm.bytecode.object }, null, 1) + '\n');
console.log('LedgerProbe.json written');
