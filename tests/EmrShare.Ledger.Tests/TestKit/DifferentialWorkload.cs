using System.Numerics;
using System.Text.Json.Nodes;
using Nethereum.Util;

namespace EmrShare.Ledger.Tests.TestKit;

/// <summary>One signed transaction of the differential run, with an optional eth_call of the same request made first.</summary>
internal sealed record DifferentialStep(string Label, byte[] Raw, JsonObject? Call);

/// <summary>A deterministic (seeded) mix of deploys, probe calls, reverts and transfers from eight dev accounts.</summary>
internal sealed record DifferentialWorkload(IReadOnlyList<DifferentialStep> Steps, IReadOnlyList<string> Contracts, IReadOnlyList<string> Slots)
{
    private const int Senders = 8;
    private const int IdPool = 60;

    public static DifferentialWorkload Create(int seed, int randomSteps)
    {
        var random = new Random(seed);
        var nonces = new BigInteger[Senders];
        var steps = new List<DifferentialStep>();
        var contracts = new List<string>();

        void Add(string label, int sender, string? to, byte[] data, BigInteger gas, BigInteger value, bool withCall)
        {
            var key = LedgerHarness.Key(sender);
            var nonce = nonces[sender]++;
            var raw = random.Next(2) == 0
                ? TestTx.Legacy(key, 31337, nonce, to, data, gas, value: value)
                : TestTx.Eip1559(key, 31337, nonce, to, data, gas, value: value);
            JsonObject? call = null;
            if (withCall && to is not null)
            {
                call = new JsonObject
                {
                    ["from"] = LedgerHarness.Account(sender),
                    ["to"] = to,
                    ["data"] = LedgerHex.Data(data),
                    ["gas"] = LedgerHex.Quantity(gas),
                    ["value"] = LedgerHex.Quantity(value),
                };
            }

            steps.Add(new DifferentialStep(label, raw, call));
        }

        void Deploy(int sender, BigInteger value)
        {
            contracts.Add(ContractUtils.CalculateContractAddress(LedgerHarness.Account(sender), nonces[sender]).ToLowerInvariant());
            Add("deploy", sender, null, Probe.Bytecode, 3_000_000, value, withCall: false);
        }

        Deploy(0, 0);
        Deploy(1, 1234);
        Deploy(2, 0);
        for (var i = 0; i < randomSteps; i++)
        {
            var sender = random.Next(Senders);
            var contract = contracts[random.Next(contracts.Count)];
            var id = Probe.Id(random.Next(IdPool));
            switch (random.Next(10))
            {
                case 0 or 1 or 2:
                    Add("anchor", sender, contract, Probe.Anchor(id, Probe.Id(10_000 + i)), 200_000, 0, withCall: true);
                    break;
                case 3:
                    Add("clear", random.Next(3), contract, Probe.Clear(id), 100_000, 0, withCall: true);
                    break;
                case 4:
                    Add("fail", sender, contract, Probe.Fail("denied " + i), 100_000, 0, withCall: true);
                    break;
                case 5:
                    Add("burn", sender, contract, Probe.Burn(random.Next(40)), 500_000, 0, withCall: true);
                    break;
                case 6:
                    Add("spawn", sender, contract, Probe.Spawn(), 400_000, 0, withCall: true);
                    break;
                case 7:
                    Add("pay", sender, contract, Probe.Pay(LedgerHarness.Account(random.Next(10))), 100_000, random.Next(1, 100_000), withCall: true);
                    break;
                case 8:
                    var outOfGas = random.Next(2) == 0;
                    Add(outOfGas ? "anchor-oog" : "unknown-selector", sender, contract,
                        outOfGas ? Probe.Anchor(Probe.Id(50_000 + i), id) : Probe.Call("nothingHere()"), outOfGas ? 30_000 : 60_000, 0, withCall: true);
                    break;
                default:
                    if (random.Next(8) == 0)
                    {
                        Deploy(sender, random.Next(3) == 0 ? 77 : 0);
                    }
                    else
                    {
                        Add("transfer", sender, LedgerHarness.Account(random.Next(10)), [], 21_000, random.Next(1, 1_000_000), withCall: false);
                    }

                    break;
            }
        }

        var slots = new List<string> { "0x0", "0x1" };
        for (var i = 0; i < IdPool; i++)
        {
            slots.Add(LedgerHex.Quantity(Probe.MappingSlot(Probe.Id(i), 2)));
            slots.Add(LedgerHex.Quantity(Probe.MappingSlot(Probe.Id(i), 3)));
        }

        return new DifferentialWorkload(steps, contracts, slots);
    }
}
