// Hardhat 3 is used only as a reference Ethereum node for tests and benchmarks (`hardhat node`).
// Contracts are compiled by scripts/compile-contracts.mjs (solc-js), not by Hardhat.
export default {
  networks: {
    default: {
      type: "edr-simulated",
      chainType: "l1",
      chainId: 31337,
      hardfork: "prague",
    },
  },
};
