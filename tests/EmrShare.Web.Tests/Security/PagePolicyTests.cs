using EmrShare.Web.Hosting;
using EmrShare.Web.Tests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace EmrShare.Web.Tests.Security;

/// <summary>A dashboard page shows what its API returns, so the page must admit exactly the roles the API admits.</summary>
[Collection(WebCollection.Name)]
public sealed class PagePolicyTests(WebNetwork web)
{
    public static TheoryData<string, string, string> PagesAndApis => new()
    {
        { "center", "/center", "/api/deployment" },
        { "center", "/center/register", "/api/hospitals/{address}" },
        { "center", "/center/blocks", "/api/chain/blocks" },
        { "center", "/center/blocks/{Number:long}", "/api/chain/blocks/{number:long}" },
        { "center", "/center/tx/{Hash?}", "/api/chain/transactions/{hash}" },
        { "hospital", "/hospital", "/api/records/" },
        { "hospital", "/hospital/patients/{LocalId}", "/api/patients/{localId}" },
        { "hospital", "/hospital/records/{RecordId}", "/api/records/{recordId}" },
        { "hospital", "/hospital/sharing", "/api/grants" },
        { "hospital", "/hospital/audit", "/api/audit" },
        { "hospital", "/hospital/staff", "/api/staff/" },
        { "center", "/center/staff", "/api/staff/" },
        { "patient", "/patient", "/api/index" },
        { "patient", "/patient/records/{RecordId}", "/api/index/{recordId}" },
        { "patient", "/patient/grants", "/api/grants/" },
        { "patient", "/patient/access", "/api/access-log" },
    };

    [Theory]
    [MemberData(nameof(PagesAndApis))]
    public async Task Page_AdmitsExactlyTheRolesOfItsApi(string actor, string page, string api)
    {
        var app = actor switch { "center" => web.Center, "patient" => web.Patient, _ => web.HospitalA };
        var pageRoles = await AllowedRolesAsync(app, page);
        var apiRoles = await AllowedRolesAsync(app, api);
        Assert.Equal(apiRoles.Order(StringComparer.Ordinal), pageRoles.Order(StringComparer.Ordinal));
    }

    /// <summary>The roles that pass every authorization policy on the endpoint (GET) with this route template.</summary>
    private static async Task<IReadOnlySet<string>> AllowedRolesAsync(EmrShareWebApp app, string template)
    {
        var endpoints = app.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText == template)
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>() is not { } methods || methods.HttpMethods.Contains("GET"))
            .ToList();
        var endpoint = Assert.Single(endpoints);
        var provider = app.App.Services.GetRequiredService<IAuthorizationPolicyProvider>();
        var allowed = new HashSet<string>(EmrShare.Web.Auth.Roles.All, StringComparer.Ordinal);
        var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).OfType<string>().ToList();
        Assert.NotEmpty(policies);
        foreach (var name in policies)
        {
            var policy = await provider.GetPolicyAsync(name);
            Assert.NotNull(policy);
            foreach (var roles in policy.Requirements.OfType<RolesAuthorizationRequirement>())
            {
                allowed.IntersectWith(roles.AllowedRoles);
            }
        }

        return allowed;
    }
}
