using System.Security.Claims;
using EmrShare.Web.Auth;
using EmrShare.Web.Services;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EmrShare.Web.Api.Center;

/// <summary>The Center's REST API: registrations, the enrolment queue and the chain explorer (all center-admin only).</summary>
internal static class CenterApi
{
    public static IEndpointRouteBuilder MapCenterApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization(Policies.CenterAdmin).ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("/deployment", (CenterDesk desk) => TypedResults.Ok(desk.Deployment)).WithTags("Chain").WithSummary("Chain id and the four contract addresses.");
        api.MapRegistrations();
        api.MapChainExplorer();
        return app;
    }

    private static void MapRegistrations(this RouteGroupBuilder api)
    {
        var hospitals = api.MapGroup("/hospitals").WithTags("Registrations");
        hospitals.MapPost("/", async Task<Created<TransactionResult>> (RegisterHospitalRequest body, ClaimsPrincipal admin, CenterDesk desk, CancellationToken ct) =>
                TypedResults.Created($"/api/hospitals/{body.Address}", await desk.RegisterHospitalAsync(body, admin, ct).ConfigureAwait(false)))
            .WithSummary("Register a hospital (address, encryption key, name).").ProducesProblem(StatusCodes.Status409Conflict);
        hospitals.MapGet("/{address}", async Task<Ok<HospitalRegistration>> (string address, CenterDesk desk, CancellationToken ct) =>
                TypedResults.Ok(await desk.GetHospitalAsync(address, ct).ConfigureAwait(false)))
            .WithSummary("A hospital's Registry entry.").ProducesProblem(StatusCodes.Status404NotFound);
        hospitals.MapDelete("/{address}", async Task<Ok<TransactionResult>> (string address, ClaimsPrincipal admin, CenterRegistry registry, CancellationToken ct) =>
                TypedResults.Ok(await registry.DeactivateHospitalAsync(address, admin, ct).ConfigureAwait(false)))
            .WithSummary("Deactivate a hospital (audited in the Center's account log).").ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet("/registry", async Task<Ok<IReadOnlyList<RegistryEntryView>>> (CenterRegistry registry, CancellationToken ct) =>
                TypedResults.Ok(await registry.ListAsync(ct).ConfigureAwait(false)))
            .WithTags("Registrations").WithSummary("Every registered hospital and practitioner with its display name and status (active or deactivated).");

        api.MapPut("/names/{address}", async Task<NoContent> (string address, DisplayNameRequest body, ClaimsPrincipal admin, CenterDesk desk, CancellationToken ct) =>
            {
                await desk.SetNameAsync(address, body, admin, ct).ConfigureAwait(false);
                return TypedResults.NoContent();
            })
            .WithTags("Registrations").WithSummary("Rename a registered hospital or practitioner.")
            .WithDescription("The name is published in the Center's signed directory (GET /v1/directory), so separately hosted hospitals and wallets show it; " +
                "each change is audited (directory name audit and the account log).").ProducesProblem(StatusCodes.Status404NotFound);

        var practitioners = api.MapGroup("/practitioners").WithTags("Registrations");
        practitioners.MapPost("/", async Task<Created<TransactionResult>> (RegisterPractitionerRequest body, ClaimsPrincipal admin, CenterDesk desk, CancellationToken ct) =>
                TypedResults.Created($"/api/practitioners/{body.Address}", await desk.RegisterPractitionerAsync(body, admin, ct).ConfigureAwait(false)))
            .WithSummary("Register a practitioner under a hospital.").ProducesProblem(StatusCodes.Status409Conflict);
        practitioners.MapGet("/{address}", async Task<Ok<PractitionerRegistration>> (string address, CenterDesk desk, CancellationToken ct) =>
                TypedResults.Ok(await desk.GetPractitionerAsync(address, ct).ConfigureAwait(false)))
            .WithSummary("A practitioner's Registry entry.").ProducesProblem(StatusCodes.Status404NotFound);
        practitioners.MapDelete("/{address}", async Task<Ok<TransactionResult>> (string address, ClaimsPrincipal admin, CenterRegistry registry, CancellationToken ct) =>
                TypedResults.Ok(await registry.DeactivatePractitionerAsync(address, admin, ct).ConfigureAwait(false)))
            .WithSummary("Deactivate a practitioner (audited in the Center's account log).").ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPost("/patients", async Task<Accepted<EnrolmentTicketView>> (RegisterPatientRequest body, CenterDesk desk, CancellationToken ct) =>
                TypedResults.Accepted("/api/enrolment", await desk.EnqueuePatientAsync(body, ct).ConfigureAwait(false)))
            .WithTags("Enrolment").WithSummary("Queue a patient (the wallet's registration request) for the next enrolment round.")
            .WithDescription("Patients are registered in rounds of k (the Center's round size) so a chain observer cannot tell whose pseudonyms " +
                "belong together. 202: queued; when this request completed a round, `round` holds its transactions. " +
                "409: the commitment or an account is already queued or registered.")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        var enrolment = api.MapGroup("/enrolment").WithTags("Enrolment");
        enrolment.MapGet("/", async Task<Ok<EnrolmentStatusView>> (CenterDesk desk, CancellationToken ct) =>
                TypedResults.Ok(await desk.GetEnrolmentAsync(ct).ConfigureAwait(false)))
            .WithSummary("The enrolment queue: patients pending, round size k, latest rounds (no pseudonyms).");
        enrolment.MapPost("/rounds", async Task<Ok<EnrolmentRoundView>> (bool? belowRoundSize, CenterDesk desk, CancellationToken ct) =>
                TypedResults.Ok(await desk.EnrolNowAsync(belowRoundSize ?? false, ct).ConfigureAwait(false)))
            .WithSummary("Run an enrolment round now.")
            .WithDescription("With fewer than k patients pending this is refused (409) unless `belowRoundSize=true`: such a round " +
                "hides each patient's pseudonyms among fewer patients; `patients` in the answer is that anonymity set. An empty queue is 409.")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }

    private static void MapChainExplorer(this RouteGroupBuilder api)
    {
        var chain = api.MapGroup("/chain").WithTags("Chain");
        chain.MapGet("/status", async Task<Ok<ChainStatus>> (ChainExplorer explorer, CancellationToken ct) =>
            TypedResults.Ok(await explorer.GetStatusAsync(ct).ConfigureAwait(false))).WithSummary("Chain id, latest block, gas price.");
        chain.MapGet("/blocks", async Task<Ok<IReadOnlyList<BlockSummary>>> (long? from, int? count, ChainExplorer explorer, CancellationToken ct) =>
            TypedResults.Ok(await explorer.GetBlocksAsync(from, count ?? 20, ct).ConfigureAwait(false))).WithSummary("Blocks, newest first, from a block number down.");
        chain.MapGet("/blocks/{number:long}", async Task<Ok<BlockDetail>> (long number, ChainExplorer explorer, CancellationToken ct) =>
                TypedResults.Ok(await explorer.GetBlockAsync(number, ct).ConfigureAwait(false)))
            .WithSummary("One block with its transactions and decoded events.").ProducesProblem(StatusCodes.Status404NotFound);
        chain.MapGet("/transactions/{hash}", async Task<Ok<TransactionDetail>> (string hash, ChainExplorer explorer, CancellationToken ct) =>
                TypedResults.Ok(await explorer.GetTransactionAsync(hash, ct).ConfigureAwait(false)))
            .WithSummary("One transaction: from, to, gas, status, decoded events.").ProducesProblem(StatusCodes.Status404NotFound);
        chain.MapGet("/transactions", async Task<Ok<IReadOnlyList<TransactionSummary>>> (int? count, ChainExplorer explorer, CancellationToken ct) =>
                TypedResults.Ok(await explorer.GetLatestTransactionsAsync(count ?? 20, ct).ConfigureAwait(false)))
            .WithSummary("The latest transactions, newest first (from the last blocks).");
        chain.MapGet("/addresses/{address}", async Task<Ok<AddressDetail>> (string address, ChainExplorer explorer, CancellationToken ct) =>
                TypedResults.Ok(await explorer.GetAddressAsync(address, ct).ConfigureAwait(false)))
            .WithSummary("An address: its role (contract, Center, hospital, practitioner, patient pseudonym), status, recent transactions and the events naming it.");
        chain.MapGet("/events", async Task<Ok<IReadOnlyList<ChainEvent>>> (string? contract, long? fromBlock, int? limit, ChainExplorer explorer, CancellationToken ct) =>
                TypedResults.Ok(await explorer.GetEventsAsync(contract, fromBlock ?? 0, limit ?? 200, ct).ConfigureAwait(false)))
            .WithSummary("EmrShare contract events (name, topics and decoded, labelled arguments) from a block on.");
    }
}
