using EmrShare.Cli.Commands;
using EmrShare.Cli.Commands.Center;
using EmrShare.Cli.Commands.Hospital;
using EmrShare.Cli.Commands.Patient;
using Spectre.Console.Cli;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("emrshare");
    config.AddCommand<DemoCommand>("demo")
        .WithDescription("Run the sharing scenario with every actor in one process (embedded chain and storage).");
    config.AddCommand<LedgerCommand>("ledger")
        .WithDescription("Run the embedded chain as an Ethereum JSON-RPC node on 127.0.0.1.");
    config.AddBranch<CommandSettings>("center", center =>
    {
        center.SetDescription("The Blockchain Center as its own process: deploy, serve the embedded chain, register, relay.");
        center.AddCommand<CenterInitCommand>("init").WithDescription("Create the Center key and deploy the contracts; write deployment.json.");
        center.AddCommand<CenterServeCommand>("serve").WithDescription("Serve the Center: with --config the dashboard, API, enrolment queue, peer directory and JSON-RPC; without, the ledger's JSON-RPC on 127.0.0.1.");
        center.AddCommand<CenterRegisterHospitalCommand>("register-hospital").WithDescription("Register a hospital (and, with --info, its practitioners).");
        center.AddCommand<CenterDeactivateHospitalCommand>("deactivate-hospital").WithDescription("Mark a hospital inactive in the Registry (closed site, compromised key).");
        center.AddCommand<CenterRegisterPractitionerCommand>("register-practitioner").WithDescription("Register a practitioner under a hospital.");
        center.AddCommand<CenterRegisterPatientCommand>("register-patient").WithDescription("Queue patients ('patient enrol' request files) for enrolment in rounds of k; --now forces a round below k.");
        center.AddCommand<CenterFundCommand>("fund").WithDescription("Send ether from the Center key (gas for hospitals on the embedded chain).");
        center.AddCommand<CenterRelayRevokeCommand>("relay-revoke").WithDescription("Submit a patient-signed revocation file.");
        center.AddCommand<CenterRegistryCommand>("registry").WithDescription("With --node: list every registered hospital and practitioner (name, status, block).");
        center.AddCommand<CenterEnrolmentCommand>("enrolment").WithDescription("With --node: the enrolment queue (patients pending, round size, latest rounds).");
        center.AddBranch<CommandSettings>("token", token =>
        {
            token.SetDescription("Operator tokens for --node against a running 'center serve'.");
            token.AddCommand<HospitalTokenCreateCommand>("create").WithDescription("Sign in to the running Center and write an operator token (scope read|write, fixed expiry) to a private file.");
            token.AddCommand<HospitalTokenListCommand>("list").WithDescription("List every account's live operator tokens (admin).");
            token.AddCommand<HospitalTokenRevokeCommand>("revoke").WithDescription("Revoke an operator token: the one of --token-file, or with --id another account's (admin).");
        });
        center.AddBranch<CommandSettings>("admin", admin => admin.AddCommand<EmrShare.Cli.Commands.Admin.CenterAdminCreateCommand>("create")
            .WithDescription("Create a Center administrator account (password from --password-file, EMRSHARE_ADMIN_PASSWORD or a prompt)."));
    });
    config.AddBranch<CommandSettings>("hospital", hospital =>
    {
        hospital.SetDescription("A hospital node as its own process: keys, EMR database, blob store, HTTP endpoint.");
        hospital.AddCommand<HospitalInitCommand>("init").WithDescription("Create the hospital's keys and hospital.json.");
        hospital.AddCommand<HospitalServeCommand>("serve").WithDescription("Serve the hospital endpoint and its blob store (Kubo-compatible API).");
        hospital.AddCommand<HospitalCreateRecordCommand>("create-record").WithDescription("Create version 1 of a record for a patient seen here.");
        hospital.AddCommand<HospitalAmendCommand>("amend").WithDescription("Amend a record held here (new version, new data key).");
        hospital.AddCommand<HospitalRequestCommand>("request").WithDescription("Request a record under a grant from its custodian; verify and store it.");
        hospital.AddCommand<HospitalBreakGlassCommand>("break-glass").WithDescription("Emergency access to a record held by another hospital (patient cannot consent); logged for the patient.");
        hospital.AddCommand<HospitalReadCommand>("read").WithDescription("Decrypt the newest version of a record held here into a file.");
        hospital.AddCommand<HospitalRecordsCommand>("records").WithDescription("List the record versions held here.");
        hospital.AddCommand<HospitalAuditCommand>("audit").WithDescription("Show this hospital's local audit trail.");
        hospital.AddCommand<HospitalBackupCommand>("backup").WithDescription("Online backup of the data folder (EMR database, blob store, keystore, cursor) while the node serves.");
        hospital.AddBranch<CommandSettings>("token", token =>
        {
            token.SetDescription("Operator tokens for --node: commands that call the running node's API instead of unlocking the keystore.");
            token.AddCommand<HospitalTokenCreateCommand>("create").WithDescription("Sign in to the running node and write an operator token (scope read|write, fixed expiry) to a private file.");
            token.AddCommand<HospitalTokenRevokeCommand>("revoke").WithDescription("Revoke an operator token on the node that issued it: the one of --token-file, or with --id another account's (admin).");
            token.AddCommand<HospitalTokenListCommand>("list").WithDescription("List every account's live operator tokens (admin): id, account, scope, issue, expiry, last use.");
        });
        hospital.AddBranch<CommandSettings>("admin", admin => admin.AddCommand<EmrShare.Cli.Commands.Admin.HospitalAdminCreateCommand>("create")
            .WithDescription("Create a hospital administrator account (password from --password-file, EMRSHARE_ADMIN_PASSWORD or a prompt)."));
        hospital.AddCommand<HospitalRestoreCommand>("restore").WithDescription("Restore a backup into an empty folder and verify every record (decrypts, anchor checks).");
    });
    config.AddBranch<CommandSettings>("patient", patient =>
    {
        patient.SetDescription("The patient's wallet as one-shot commands: identity, visits, index, consent, access log.");
        patient.AddCommand<PatientInitCommand>("init").WithDescription("Create a new identity (master secret) in the keystore.");
        patient.AddCommand<PatientEnrolCommand>("enrol").WithDescription("Write the registration request for the Center.");
        patient.AddCommand<PatientVisitCommand>("visit").WithDescription("Mutual-auth visit at a hospital; --collect records into the anchored index.");
        patient.AddCommand<PatientGrantCommand>("grant").WithDescription("Grant a hospital access to records held by a custodian.");
        patient.AddCommand<PatientRevokeCommand>("revoke").WithDescription("Sign a revocation for the Center to relay.");
        patient.AddCommand<PatientIndexCommand>("index").WithDescription("List the medical index and check its on-chain anchor.");
        patient.AddCommand<PatientReadCommand>("read").WithDescription("Decrypt one of your records from its custodian's store into a file.");
        patient.AddCommand<PatientLogCommand>("log").WithDescription("Who accessed what, from chain events.");
    });
    config.AddBranch<CommandSettings>("wallet", wallet =>
    {
        wallet.SetDescription("A self-hosted patient wallet: the Patient dashboard over one patient's own data folder.");
        wallet.AddCommand<EmrShare.Cli.Commands.Wallet.WalletServeCommand>("serve").WithDescription("Serve the patient's wallet dashboard from its config file (unlocks the keystore server-side).");
    });
    config.AddBranch<CommandSettings>("store", store =>
    {
        store.SetDescription("A standalone blob-store node (ciphertext only) a hospital points --ipfs at.");
        store.AddCommand<EmrShare.Cli.Commands.Store.StoreServeCommand>("serve").WithDescription("Serve a SQLite blob store through the Kubo-compatible API on 127.0.0.1.");
    });
});
return await app.RunAsync(args);
