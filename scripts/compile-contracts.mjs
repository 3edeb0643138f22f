// Compiles contracts/*.sol with the pinned solc-js (library API, no remote compiler download) and writes one
// artifact per contract to contracts/artifacts/<Name>.json. `--check` recompiles in memory and exits 1 if a
// committed artifact is missing, stale or extra, so CI catches sources and artifacts drifting apart.
import { readFileSync, writeFileSync, readdirSync, existsSync, mkdirSync } from "node:fs";
import { join, dirname, resolve, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const solc = require("solc");

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const contractsDir = join(root, "contracts");
const artifactsDir = join(contractsDir, "artifacts");
const nodeModules = join(root, "node_modules");
const COMPILER = "0.8.37";
const EVM_VERSION = "shanghai";

function listSources(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.isDirectory()) {
      if (entry.name !== "artifacts") out.push(...listSources(join(dir, entry.name)));
    } else if (entry.name.endsWith(".sol")) {
      out.push(join(dir, entry.name));
    }
  }
  return out;
}

// Source unit names are paths relative to contracts/ with forward slashes, so metadata is machine independent.
const unitName = (file) => relative(contractsDir, file).split(sep).join("/");

function findImport(path) {
  const candidates = path.startsWith("@") ? [join(nodeModules, path)] : [join(contractsDir, path)];
  for (const candidate of candidates) {
    if (existsSync(candidate)) return { contents: readFileSync(candidate, "utf8") };
  }
  return { error: `import not found: ${path}` };
}

function compile() {
  if (!solc.version().startsWith(COMPILER + "+")) {
    throw new Error(`expected solc ${COMPILER}, found ${solc.version()} (run npm ci)`);
  }
  const sources = {};
  for (const file of listSources(contractsDir)) sources[unitName(file)] = { content: readFileSync(file, "utf8") };
  const input = {
    language: "Solidity",
    sources,
    settings: {
      evmVersion: EVM_VERSION,
      optimizer: { enabled: true, runs: 500 },
      metadata: { bytecodeHash: "none" },
      outputSelection: { "*": { "*": ["abi", "evm.bytecode.object", "evm.deployedBytecode.object", "metadata"] } },
    },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImport }));
  const errors = (output.errors ?? []).filter((e) => e.severity === "error");
  // Library warnings (node_modules) are not ours to fix; our own warnings and every error are shown.
  for (const diagnostic of output.errors ?? []) {
    const file = diagnostic.sourceLocation?.file ?? "";
    if (diagnostic.severity === "error" || !file.startsWith("@")) console.error(diagnostic.formattedMessage);
  }
  if (errors.length > 0) throw new Error(`${errors.length} compilation error(s)`);

  // Only deployable contracts defined in contracts/ (top level), not libraries pulled in from node_modules.
  const artifacts = new Map();
  for (const [unit, contracts] of Object.entries(output.contracts)) {
    if (unit.includes("/")) continue;
    for (const [name, c] of Object.entries(contracts)) {
      if (!c.evm.bytecode.object) continue;
      const artifact = {
        contractName: name,
        sourceName: unit,
        compiler: COMPILER,
        evmVersion: EVM_VERSION,
        abi: c.abi,
        bytecode: "0x" + c.evm.bytecode.object,
        deployedBytecode: "0x" + c.evm.deployedBytecode.object,
        metadata: c.metadata,
      };
      artifacts.set(name + ".json", JSON.stringify(artifact, null, 2) + "\n");
    }
  }
  return artifacts;
}

const check = process.argv.includes("--check");
let artifacts;
try {
  artifacts = compile();
} catch (e) {
  console.error(`compile-contracts: ${e.message}`);
  process.exit(1);
}

if (check) {
  const problems = [];
  for (const [file, text] of artifacts) {
    const path = join(artifactsDir, file);
    if (!existsSync(path)) problems.push(`missing ${relative(root, path)}`);
    else if (readFileSync(path, "utf8") !== text) problems.push(`stale ${relative(root, path)}`);
  }
  if (existsSync(artifactsDir)) {
    for (const file of readdirSync(artifactsDir)) {
      if (file.endsWith(".json") && !artifacts.has(file)) problems.push(`extra ${relative(root, join(artifactsDir, file))}`);
    }
  }
  if (problems.length > 0) {
    console.error("compile-contracts --check: committed artifacts differ from the sources:\n  " + problems.join("\n  "));
    console.error("run `node scripts/compile-contracts.mjs` (or ./build.sh contracts) and commit contracts/artifacts.");
    process.exit(1);
  }
  console.error(`compile-contracts --check: ${artifacts.size} artifacts up to date`);
} else {
  mkdirSync(artifactsDir, { recursive: true });
  for (const [file, text] of artifacts) writeFileSync(join(artifactsDir, file), text);
  console.error(`compile-contracts: wrote ${artifacts.size} artifacts to ${relative(root, artifactsDir)}`);
}
