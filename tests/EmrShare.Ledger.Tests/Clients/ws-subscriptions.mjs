// Manual cross-check of eth_subscribe with two independent clients, ethers 6 (WebSocketProvider) and viem 2
// (webSocket transport), against a running ledger:
//   dotnet src/EmrShare.Ledger.Host/bin/Debug/net10.0/emrshare-ledger.dll --port 18645 --data /tmp/chain
//   node ws-subscriptions.mjs ws://127.0.0.1:18645/   (run where ethers@6.17.0 and viem@2.57.20 are installed,
//   with LedgerProbe.json from ../Contracts next to it)
// Prints what each client received: heads, pending hashes, and the Anchored(id1) logs of contract A only.
// Not run by the test suite (ethers and viem are not in package.json); see docs/ledger.md.
import { NonceManager, WebSocketProvider, Wallet, ContractFactory, id as keccakId, zeroPadValue, toBeHex } from "ethers";
import { createPublicClient, webSocket } from "viem";
import fs from "node:fs";
const url = process.argv[2];
const probe = JSON.parse(fs.readFileSync("LedgerProbe.json"));
const provider = new WebSocketProvider(url);
const wallet = new NonceManager(new Wallet("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80", provider));
const sleep = ms => new Promise(r => setTimeout(r, ms));
const heads = [], pending = [], anchored = [], viemBlocks = [], viemLogs = [], viemPending = [];
await provider.on("block", n => heads.push(n));
await provider.on("pending", h => pending.push(h));
const factory = new ContractFactory(probe.abi, probe.bytecode, wallet);
const a = await factory.deploy(); await a.waitForDeployment();
const b = await factory.deploy(); await b.waitForDeployment();
const id1 = keccakId("one"), id2 = keccakId("two");
await a.on(a.filters.Anchored(id1), (...args) => anchored.push(args.at(-1).log.transactionHash));
const viem = createPublicClient({ transport: webSocket(url) });
const unwatchBlocks = viem.watchBlocks({ onBlock: blk => viemBlocks.push(blk) });
const unwatchLogs = viem.watchContractEvent({ address: await a.getAddress(), abi: probe.abi, eventName: "Anchored", args: { id: id1 }, onLogs: logs => viemLogs.push(...logs) });
const unwatchPending = viem.watchPendingTransactions({ onTransactions: hs => viemPending.push(...hs) });
await sleep(500);
const t1 = await (await a.anchor(id1, id2)).wait();
await (await a.anchor(id2, id2)).wait();
await (await b.anchor(id1, id2)).wait();
await (await a.clear(id1)).wait();
await sleep(1500);
const latest = await provider.getBlock(t1.blockNumber);
const vb = viemBlocks.find(x => x.number === BigInt(t1.blockNumber));
const result = {
  ethersHeads: heads.length, ethersHeadsIncludeTx: heads.includes(t1.blockNumber),
  ethersPendingHasTx: pending.includes(t1.hash), ethersAnchored: anchored, wantTx: t1.hash,
  viemBlocks: viemBlocks.length, viemBlockHashMatches: vb?.hash === latest.hash,
  viemLogs: viemLogs.map(l => l.transactionHash), viemPendingHasTx: viemPending.includes(t1.hash),
};
console.log(JSON.stringify(result, null, 1));
unwatchBlocks(); unwatchLogs(); unwatchPending();
await provider.destroy(); await viem.transport.getRpcClient?.().then(c => c.close()).catch(() => {});
process.exit(0);
