// eth_subscribe checked by two independent clients, ethers 6 (WebSocketProvider) and viem 2 (webSocket transport),
// against a running ledger. Run by WebSocketClientLibraryTests with the pinned node:
//   node ws-subscriptions.mjs ws://127.0.0.1:PORT/ path/to/LedgerProbe.json
// Deploys two LedgerProbe contracts A and B, then sends four transactions: only the first emits Anchored(id1) from A.
// Prints one JSON line: the head numbers each client received, whether each saw the first transaction's hash as
// pending, the transaction hashes of the Anchored(id1) logs of A each received, and the block range to expect.
import { NonceManager, WebSocketProvider, Wallet, ContractFactory, id as keccakId } from "ethers";
import { createPublicClient, webSocket } from "viem";
import fs from "node:fs";

const [url, probePath] = process.argv.slice(2);
const probe = JSON.parse(fs.readFileSync(probePath));
const provider = new WebSocketProvider(url);
const wallet = new NonceManager(new Wallet("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80", provider));
const sleep = ms => new Promise(r => setTimeout(r, ms));
const heads = [], pending = [], anchored = [], viemHeads = [], viemLogs = [], viemPending = [];
const firstBlock = (await provider.getBlockNumber()) + 1;
await provider.on("block", n => heads.push(n));
await provider.on("pending", h => pending.push(h));
const viem = createPublicClient({ transport: webSocket(url) });
const unwatchBlocks = viem.watchBlocks({ onBlock: blk => viemHeads.push(Number(blk.number)) });
const unwatchPending = viem.watchPendingTransactions({ onTransactions: hs => viemPending.push(...hs) });
const factory = new ContractFactory(probe.abi, probe.bytecode, wallet);
const a = await factory.deploy(); await a.waitForDeployment();
const b = await factory.deploy(); await b.waitForDeployment();
const id1 = keccakId("one"), id2 = keccakId("two");
await a.on(a.filters.Anchored(id1), (...args) => anchored.push(args.at(-1).log.transactionHash));
const unwatchLogs = viem.watchContractEvent({ address: await a.getAddress(), abi: probe.abi, eventName: "Anchored", args: { id: id1 }, onLogs: logs => viemLogs.push(...logs.map(l => l.transactionHash)) });
await sleep(500); // both log subscriptions are live before the first transaction
const t1 = await (await a.anchor(id1, id2)).wait();
await (await a.anchor(id2, id2)).wait();
await (await b.anchor(id1, id2)).wait();
const last = await (await a.clear(id1)).wait();
for (let waited = 0; waited < 20000 && !(heads.includes(last.blockNumber) && viemHeads.includes(last.blockNumber)); waited += 100) {
  await sleep(100);
}
await sleep(300); // a late duplicate or extra log would arrive now
const block = await provider.getBlock(t1.blockNumber);
console.log(JSON.stringify({
  firstBlock, lastBlock: last.blockNumber, tx: t1.hash, txBlockHash: block.hash,
  ethers: { heads, pendingHasTx: pending.includes(t1.hash), logs: anchored },
  viem: { heads: viemHeads, pendingHasTx: viemPending.includes(t1.hash), logs: viemLogs },
}));
unwatchBlocks(); unwatchLogs(); unwatchPending();
await provider.destroy();
process.exit(0);
