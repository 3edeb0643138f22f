// The reference CIDs for a tree, from ipfs-unixfs-importer 17.1.1 (pinned in package.json) configured as Kubo adds:
// 256 KiB fixed-size chunks, balanced DAG of at most 174 links, CIDv0 with dag-pb leaves or CIDv1 with raw leaves,
// wrap-with-directory, HAMT sharding above 262,144 bytes estimated from link name + CID byte lengths, fanout 256.
//   node unixfs-import.mjs SPEC.json    where SPEC = {"cidVersion":0|1,"files":[{"path":"d/a","content":"text"}]}
// Prints one JSON line per entry: {"path","cid","size"} (size = cumulative, as Kubo's add answers it).
import { importer } from "ipfs-unixfs-importer";
import { fixedSize } from "ipfs-unixfs-importer/chunker";
import { balanced } from "ipfs-unixfs-importer/layout";
import fs from "node:fs";

const spec = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const blockstore = { put: async cid => cid, has: async () => false };
const encoder = new TextEncoder();
const source = spec.files.map(f => ({ path: f.path, content: encoder.encode(f.content) }));
for await (const entry of importer(source, blockstore, {
  cidVersion: spec.cidVersion,
  rawLeaves: spec.cidVersion === 1,
  wrapWithDirectory: true,
  chunker: fixedSize({ chunkSize: 262_144 }),
  layout: balanced({ maxChildrenPerNode: 174 }),
  shardSplitThresholdBytes: 262_144,
  shardSplitStrategy: "links-bytes",
  shardFanoutBits: 8,
})) {
  console.log(JSON.stringify({ path: entry.path, cid: entry.cid.toString(), size: Number(entry.size) }));
}
