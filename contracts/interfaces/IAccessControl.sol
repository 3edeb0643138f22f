// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title IAccessControl
 * @notice Events and custom errors of {AccessControl}, so clients and tests compile against the interface.
 * Every event about a patient carries its pseudonym as an indexed topic so a wallet can filter its history.
 */
interface IAccessControl {
    error AccessControlGrantExpired(uint64 expiry);
    error AccessControlInvalidPurpose(uint16 purpose);
    error AccessControlGranteeNotActive(address grantee);
    error AccessControlPatientNotRegistered(address patient);
    error AccessControlInvalidSignature();
    error AccessControlMalleableSignature();
    error AccessControlGrantExists(bytes32 grantId);
    error AccessControlUnknownGrant(bytes32 grantId);
    error AccessControlNotGrantPatient(address caller);
    error AccessControlGrantAlreadyRevoked(bytes32 grantId);
    error AccessControlAccessDenied(bytes32 grantId, bytes32 recordId);
    error AccessControlUnknownRequest(bytes32 requestId);
    error AccessControlRequestAlreadyFulfilled(bytes32 requestId);
    error AccessControlHospitalNotActive(address caller);
    error AccessControlPractitionerNotActive(address caller);
    error AccessControlInvalidReason(uint16 reasonCode);
    error AccessControlInvalidAction(uint8 action);
    /// @notice The caller is not the custodian named in the request.
    error AccessControlNotCustodian(address caller);
    /// @notice The caller's hospital has not anchored this record, so it cannot read or log access to it.
    error AccessControlRecordNotHeld(address hospital, bytes32 recordId);
    /// @notice The request is (or is not) an emergency request, and the called function handles the other kind.
    error AccessControlWrongRequestKind(bytes32 requestId);
    /// @notice A batch of fulfilments named no request.
    error AccessControlEmptyBatch();
    /// @notice A batch of fulfilments gave a different number of delivery hashes than of requests.
    error AccessControlBatchLengthMismatch(uint256 requests, uint256 deliveryHashes);

    event GrantCreated(
        bytes32 indexed grantId, address indexed patient, address indexed grantee, bytes32 scope, uint16 purpose, uint64 expiry
    );
    /// @dev No grantee topic: it keeps revoke under 30k gas, and the grantee filters by the grantId it holds.
    event GrantRevoked(bytes32 indexed grantId, address indexed patient);
    /// @dev `custodian` is the hospital the grantee asks; only it may fulfil.
    event AccessRequested(
        bytes32 indexed requestId,
        address indexed patient,
        address indexed grantee,
        bytes32 grantId,
        bytes32 recordId,
        address custodian
    );
    event AccessFulfilled(
        bytes32 indexed requestId, address indexed patient, address indexed custodian, bytes32 grantId, bytes32 deliveryHash
    );
    /// @dev `hospital` is the practitioner's hospital: the one that broke the glass, wherever the record is held.
    event BreakGlassAccessed(
        address indexed patient, address indexed practitioner, address indexed hospital, bytes32 recordId, uint16 reasonCode
    );
    /// @notice A practitioner of `hospital` asked `custodian` for a record it does not hold, in an emergency.
    event EmergencyAccessRequested(
        bytes32 indexed requestId,
        address indexed hospital,
        address indexed custodian,
        address practitioner,
        bytes32 recordId,
        uint16 reasonCode
    );
    event AccessRecorded(address indexed patient, address indexed hospital, bytes32 indexed recordId, uint8 action);
}
