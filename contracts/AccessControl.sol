// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {RegistryMirror} from "./common/RegistryMirror.sol";
import {IAccessControl} from "./interfaces/IAccessControl.sol";
import {IRecords} from "./interfaces/IRecords.sol";

/**
 * @title AccessControl
 * @notice Patient consent and audit: EIP-712 grants signed by the patient's pseudonym key and submitted by
 * anyone (meta-transaction), revocation, access request/fulfilment events, break-glass access and access
 * audit events. Every event about a patient carries its pseudonym as an indexed topic so a wallet can
 * filter its whole history.
 * @dev A grant is one storage word, patient|expiry|purpose|revoked, under
 * key = keccak256(abi.encode(grantee, grantId, scope)), where grantId is the EIP-712 digest of the Grant.
 * Folding the scope root into the key instead of storing it saves a second fresh slot (~22k gas) and keeps
 * it authentic: only the signed scope produces a key that exists, because grantId commits to the scope.
 * Callers therefore name a grant by (grantee, grantId, scope); scope is zero for "all records". A replayed
 * signature finds its key taken. Domain: "EmrShare AccessControl" v1.
 * Signatures must be 65 bytes with low s (OpenZeppelin ECDSA); a signature for another chain or contract
 * yields a different digest and so a different signer.
 * Custody: the grantee names the custodian in its request and only that hospital may fulfil it, so no third
 * hospital can pre-empt or race the custodian. Break-glass and access logging need a hospital that anchored
 * the record in {Records}, so no other hospital can write alerts into a patient's log. A hospital that does not
 * hold the record asks its custodian with {requestEmergencyAccess}; the custodian's fulfilment logs the
 * break-glass under the requesting hospital.
 */
contract AccessControl is IAccessControl, EIP712, RegistryMirror {
    /// @notice EIP-712 type hash of a grant.
    bytes32 public constant GRANT_TYPEHASH =
        keccak256("Grant(address patient,address grantee,bytes32 scope,uint16 purpose,uint64 expiry,uint256 nonce)");
    /// @notice EIP-712 type hash of a relayed revocation.
    bytes32 public constant REVOKE_TYPEHASH = keccak256("Revoke(bytes32 grantId)");
    /// @notice EIP-712 type hash of an off-chain hospital-to-hospital access request.
    bytes32 public constant ACCESS_REQUEST_TYPEHASH =
        keccak256("AccessRequest(bytes32 grantId,bytes32 recordId,address requester,uint64 issuedAt,bytes32 nonce)");

    uint16 private constant MAX_PURPOSE = 5;
    uint16 private constant MAX_REASON = 3;
    uint8 private constant MAX_ACTION = 3;

    uint256 private constant EXPIRY_SHIFT = 160;
    uint256 private constant PURPOSE_SHIFT = 224;
    uint256 private constant REVOKED_BIT = 1 << 240;

    struct Request {
        bytes32 grantId;
        bytes32 scope;
        bytes32 recordId;
        address grantee;
        bool fulfilled;
        address custodian;
    }

    /// @dev grant key => patient | expiry << 160 | purpose << 224 | revoked << 240
    mapping(bytes32 grantKey => uint256 packed) private _grants;
    mapping(bytes32 requestId => Request) private _requests;
    uint256 private _requestCount;
    /// @dev emergency request id => practitioner | reasonCode << 160 (its Request has grantId zero)
    mapping(bytes32 requestId => uint256 packed) private _emergencies;
    IRecords private immutable _records;
    /// @dev keccak256(hospital, recordId) => true once a request of that hospital for the record was fulfilled, so the
    /// grantee may log its own reads of the copy it received (the patient sees them) and no one else may.
    mapping(bytes32 receiptKey => bool) private _received;

    /// @param registry_ The Registry that pushes membership here. @param records_ The Records contract (custody).
    constructor(address registry_, address records_) EIP712("EmrShare AccessControl", "1") RegistryMirror(registry_) {
        _records = IRecords(records_);
    }

    /**
     * @notice Stores a grant signed by the patient's pseudonym key; anyone may submit it.
     * @param patient Patient pseudonym at the custodian (the signer). @param grantee Active hospital receiving access.
     * @param scope Zero for all records, else the Merkle root of the granted record ids.
     * @param purpose Purpose-of-use code 1..5. @param expiry Unix seconds, must be in the future.
     * @param nonce Random 256-bit nonce. @param signature 65-byte r‖s‖v low-s signature over the Grant.
     * @return grantId The EIP-712 digest of the grant.
     */
    function grant(
        address patient,
        address grantee,
        bytes32 scope,
        uint16 purpose,
        uint64 expiry,
        uint256 nonce,
        bytes calldata signature
    ) external returns (bytes32 grantId) {
        if (expiry <= block.timestamp) revert AccessControlGrantExpired(expiry);
        if (purpose == 0 || purpose > MAX_PURPOSE) revert AccessControlInvalidPurpose(purpose);
        if (!_isActiveHospital(grantee)) revert AccessControlGranteeNotActive(grantee);
        if (!_isPatientPseudonym(patient)) revert AccessControlPatientNotRegistered(patient);
        grantId = _hashTypedDataV4(keccak256(abi.encode(GRANT_TYPEHASH, patient, grantee, scope, purpose, expiry, nonce)));
        _requireSigner(grantId, signature, patient);
        bytes32 key = _grantKey(grantee, grantId, scope);
        if (_grants[key] != 0) revert AccessControlGrantExists(grantId);
        _grants[key] = uint256(uint160(patient)) | (uint256(expiry) << EXPIRY_SHIFT) | (uint256(purpose) << PURPOSE_SHIFT);
        emit GrantCreated(grantId, patient, grantee, scope, purpose, expiry);
    }

    /**
     * @notice Revokes a grant; only the patient pseudonym that signed it may call.
     * @param grantee The grant's grantee. @param grantId The grant's id. @param scope The grant's scope root (zero for all).
     */
    function revoke(address grantee, bytes32 grantId, bytes32 scope) external {
        bytes32 key = _grantKey(grantee, grantId, scope);
        uint256 packed = _grants[key];
        address patient = address(uint160(packed));
        if (patient == address(0)) revert AccessControlUnknownGrant(grantId);
        if (msg.sender != patient) revert AccessControlNotGrantPatient(msg.sender);
        _revoke(key, packed, grantId, patient);
    }

    /**
     * @notice Revokes a grant with the patient's EIP-712 Revoke(grantId) signature; anyone may relay it.
     * @param grantee The grant's grantee. @param grantId The grant's id. @param scope The grant's scope root.
     * @param signature 65-byte low-s signature.
     */
    function revokeBySig(address grantee, bytes32 grantId, bytes32 scope, bytes calldata signature) external {
        bytes32 key = _grantKey(grantee, grantId, scope);
        uint256 packed = _grants[key];
        address patient = address(uint160(packed));
        if (patient == address(0)) revert AccessControlUnknownGrant(grantId);
        _requireSigner(_hashTypedDataV4(keccak256(abi.encode(REVOKE_TYPEHASH, grantId))), signature, patient);
        _revoke(key, packed, grantId, patient);
    }

    /**
     * @notice Asks the custodian for a record under a valid grant (grantee only); only `custodian` may fulfil.
     * @param grantId Grant held by the caller. @param scope The grant's scope root. @param recordId Requested record.
     * @param custodian The active hospital holding the record (from the patient's index).
     * @param proof Scope Merkle proof (empty for scope "all").
     * @return requestId Unique id of this request.
     */
    function requestAccess(bytes32 grantId, bytes32 scope, bytes32 recordId, address custodian, bytes32[] calldata proof)
        external
        returns (bytes32 requestId)
    {
        if (!hasAccess(msg.sender, grantId, scope, recordId, proof)) revert AccessControlAccessDenied(grantId, recordId);
        if (!_isActiveHospital(custodian)) revert AccessControlHospitalNotActive(custodian);
        requestId = keccak256(abi.encode(address(this), ++_requestCount));
        Request storage r = _requests[requestId];
        r.grantId = grantId;
        // Scope "all records" is zero, as a fresh slot already is: no write (a cold SSTORE of zero costs 2.2k).
        if (scope != bytes32(0)) r.scope = scope;
        r.recordId = recordId;
        r.grantee = msg.sender;
        r.custodian = custodian;
        address patient = address(uint160(_grants[_grantKey(msg.sender, grantId, scope)]));
        emit AccessRequested(requestId, patient, msg.sender, grantId, recordId, custodian);
    }

    /**
     * @notice Records that the request's custodian delivered the re-wrapped key; refused once the grant is
     * revoked or expired, and for anyone but the custodian named in the request.
     * @param requestId The request. @param deliveryHash Hash of what was delivered off chain (no key material).
     */
    function recordFulfilment(bytes32 requestId, bytes32 deliveryHash) external {
        _requireActiveCaller();
        _fulfil(requestId, deliveryHash);
    }

    /**
     * @notice {recordFulfilment} for several requests in one transaction: the custodian's batch. Every request is
     * checked as a single one would be and gets its own `AccessFulfilled` event (the patient's log and the grantee's
     * verification read those); any refused request reverts the whole batch, so the custodian retries the others
     * alone. A request named twice is refused as already fulfilled.
     * @param requestIds The requests, all naming the caller as custodian. @param deliveryHashes One per request, same order.
     */
    function recordFulfilments(bytes32[] calldata requestIds, bytes32[] calldata deliveryHashes) external {
        uint256 count = requestIds.length;
        if (count == 0) revert AccessControlEmptyBatch();
        if (deliveryHashes.length != count) revert AccessControlBatchLengthMismatch(count, deliveryHashes.length);
        _requireActiveCaller();
        for (uint256 i = 0; i < count; ++i) {
            _fulfil(requestIds[i], deliveryHashes[i]);
        }
    }

    /**
     * @notice Emergency read without a grant, by an active practitioner of an active hospital that anchored the
     * record; logged for the patient.
     * @param patientPseudonym The patient's pseudonym. @param recordId Record read. @param reasonCode 1..3 (see docs/interfaces.md).
     */
    function breakGlass(address patientPseudonym, bytes32 recordId, uint16 reasonCode) external {
        address hospital = _activePractitionerHospital(msg.sender);
        if (hospital == address(0)) revert AccessControlPractitionerNotActive(msg.sender);
        if (reasonCode == 0 || reasonCode > MAX_REASON) revert AccessControlInvalidReason(reasonCode);
        if (!_isPatientPseudonym(patientPseudonym)) revert AccessControlPatientNotRegistered(patientPseudonym);
        _requireHeld(hospital, recordId);
        emit BreakGlassAccessed(patientPseudonym, msg.sender, hospital, recordId, reasonCode);
    }

    /**
     * @notice Emergency request for a record held by another hospital, by an active practitioner; the
     * custodian decides under its break-glass policy and, if it serves, logs the break-glass under the caller's
     * hospital with {recordEmergencyFulfilment}.
     * @param custodian Active hospital holding the record. @param recordId The record. @param reasonCode 1..3.
     * @return requestId Unique id of this request (fulfilled like a granted one, grantId zero).
     */
    function requestEmergencyAccess(address custodian, bytes32 recordId, uint16 reasonCode) external returns (bytes32 requestId) {
        address hospital = _activePractitionerHospital(msg.sender);
        if (hospital == address(0)) revert AccessControlPractitionerNotActive(msg.sender);
        if (reasonCode == 0 || reasonCode > MAX_REASON) revert AccessControlInvalidReason(reasonCode);
        if (!_isActiveHospital(custodian)) revert AccessControlHospitalNotActive(custodian);
        requestId = keccak256(abi.encode(address(this), ++_requestCount));
        Request storage r = _requests[requestId];
        r.recordId = recordId;
        r.grantee = hospital;
        r.custodian = custodian;
        _emergencies[requestId] = uint256(uint160(msg.sender)) | (uint256(reasonCode) << EXPIRY_SHIFT);
        emit EmergencyAccessRequested(requestId, hospital, custodian, msg.sender, recordId, reasonCode);
    }

    /**
     * @notice The custodian served an emergency request: logs the break-glass for the patient under the
     * requesting hospital and practitioner, and the fulfilment.
     * @param requestId The emergency request. @param patientPseudonym The patient's pseudonym at the custodian.
     * @param deliveryHash Hash of what was delivered off chain.
     */
    function recordEmergencyFulfilment(bytes32 requestId, address patientPseudonym, bytes32 deliveryHash) external {
        _requireActiveCaller();
        Request storage r = _openRequest(requestId);
        uint256 emergency = _emergencies[requestId];
        if (emergency == 0) revert AccessControlWrongRequestKind(requestId);
        if (!_isPatientPseudonym(patientPseudonym)) revert AccessControlPatientNotRegistered(patientPseudonym);
        _requireHeld(msg.sender, r.recordId);
        r.fulfilled = true;
        _received[_receiptKey(r.grantee, r.recordId)] = true;
        emit BreakGlassAccessed(
            patientPseudonym, address(uint160(emergency)), r.grantee, r.recordId, uint16(emergency >> EXPIRY_SHIFT)
        );
        emit AccessFulfilled(requestId, patientPseudonym, msg.sender, bytes32(0), deliveryHash);
    }

    /**
     * @notice Audit event for a read (1), amendment (2) or addition (3) of a patient's record by an active hospital
     * that anchored the record, or that received it through a fulfilled request (its reads of the copy).
     * @param patientPseudonym The patient's pseudonym. @param recordId The record. @param action 1..3.
     */
    function recordAccess(address patientPseudonym, bytes32 recordId, uint8 action) external {
        if (!_isActiveHospital(msg.sender)) revert AccessControlHospitalNotActive(msg.sender);
        if (action == 0 || action > MAX_ACTION) revert AccessControlInvalidAction(action);
        if (!_isPatientPseudonym(patientPseudonym)) revert AccessControlPatientNotRegistered(patientPseudonym);
        if (!_received[_receiptKey(msg.sender, recordId)]) _requireHeld(msg.sender, recordId);
        emit AccessRecorded(patientPseudonym, msg.sender, recordId, action);
    }

    /**
     * @notice True when `grantee` holds a stored, unrevoked, unexpired grant covering `recordId` and is still
     * an active hospital.
     * @param scope The grant's scope root as signed (zero for all records); any other value finds no grant.
     * @param proof Merkle proof of {scopeLeaf}(recordId) against the scope root (ignored for scope "all").
     */
    function hasAccess(address grantee, bytes32 grantId, bytes32 scope, bytes32 recordId, bytes32[] calldata proof)
        public
        view
        returns (bool)
    {
        if (!_isLive(_grants[_grantKey(grantee, grantId, scope)]) || !_isActiveHospital(grantee)) return false;
        return scope == bytes32(0) || MerkleProof.verifyCalldata(proof, scope, scopeLeaf(recordId));
    }

    /// @notice A stored grant's fields; reverts for unknown (grantee, grantId, scope).
    function grantOf(address grantee, bytes32 grantId, bytes32 scope)
        external
        view
        returns (address patient, uint16 purpose, uint64 expiry, bool revoked)
    {
        uint256 packed = _grants[_grantKey(grantee, grantId, scope)];
        if (packed == 0) revert AccessControlUnknownGrant(grantId);
        return (
            address(uint160(packed)),
            uint16(packed >> PURPOSE_SHIFT),
            uint64(packed >> EXPIRY_SHIFT),
            packed & REVOKED_BIT != 0
        );
    }

    /// @notice A request's grant (zero for an emergency), scope, record, grantee, fulfilment flag and custodian;
    /// reverts for unknown requests.
    function requestOf(bytes32 requestId)
        external
        view
        returns (bytes32 grantId, bytes32 scope, bytes32 recordId, address grantee, bool fulfilled, address custodian)
    {
        Request storage r = _requests[requestId];
        if (r.grantee == address(0)) revert AccessControlUnknownRequest(requestId);
        return (r.grantId, r.scope, r.recordId, r.grantee, r.fulfilled, r.custodian);
    }

    /// @notice The practitioner and reason code of an emergency request; (0, 0) for any other id.
    function emergencyOf(bytes32 requestId) external view returns (address practitioner, uint16 reasonCode) {
        uint256 packed = _emergencies[requestId];
        return (address(uint160(packed)), uint16(packed >> EXPIRY_SHIFT));
    }

    /// @notice The Records contract custody is checked against.
    function records() external view returns (address) {
        return address(_records);
    }

    /// @notice The grantId (EIP-712 digest) of a grant with these fields on this chain and contract.
    function grantDigest(address patient, address grantee, bytes32 scope, uint16 purpose, uint64 expiry, uint256 nonce)
        external
        view
        returns (bytes32)
    {
        return _hashTypedDataV4(keccak256(abi.encode(GRANT_TYPEHASH, patient, grantee, scope, purpose, expiry, nonce)));
    }

    /// @notice The EIP-712 digest a patient signs to revoke `grantId`.
    function revokeDigest(bytes32 grantId) external view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(REVOKE_TYPEHASH, grantId)));
    }

    /// @notice EIP-712 domain separator of "EmrShare AccessControl" v1 on this chain.
    function domainSeparator() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    /// @notice Scope leaf: keccak256(bytes.concat(keccak256(abi.encode(recordId)))).
    function scopeLeaf(bytes32 recordId) public pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(recordId))));
    }

    function _revoke(bytes32 key, uint256 packed, bytes32 grantId, address patient) private {
        if (packed & REVOKED_BIT != 0) revert AccessControlGrantAlreadyRevoked(grantId);
        _grants[key] = packed | REVOKED_BIT;
        emit GrantRevoked(grantId, patient);
    }

    /// @dev One granted request fulfilled by the caller (already checked to be an active hospital).
    function _fulfil(bytes32 requestId, bytes32 deliveryHash) private {
        Request storage r = _openRequest(requestId);
        bytes32 grantId = r.grantId;
        if (grantId == bytes32(0)) revert AccessControlWrongRequestKind(requestId);
        address grantee = r.grantee;
        bytes32 recordId = r.recordId;
        uint256 packed = _grants[_grantKey(grantee, grantId, r.scope)];
        if (!_isLive(packed)) revert AccessControlAccessDenied(grantId, recordId);
        r.fulfilled = true;
        bytes32 receiptKey = _receiptKey(grantee, recordId);
        // A grantee that received this record before already holds the receipt: no second write.
        if (!_received[receiptKey]) _received[receiptKey] = true;
        emit AccessFulfilled(requestId, address(uint160(packed)), msg.sender, grantId, deliveryHash);
    }

    function _requireActiveCaller() private view {
        if (!_isActiveHospital(msg.sender)) revert AccessControlHospitalNotActive(msg.sender);
    }

    /// @dev An existing, unfulfilled request whose custodian is the caller (checked active by the caller of this).
    function _openRequest(bytes32 requestId) private view returns (Request storage r) {
        r = _requests[requestId];
        if (r.grantee == address(0)) revert AccessControlUnknownRequest(requestId);
        if (r.fulfilled) revert AccessControlRequestAlreadyFulfilled(requestId);
        if (msg.sender != r.custodian) revert AccessControlNotCustodian(msg.sender);
    }

    /// @dev The hospital anchored version 1 of the record under its own account (it is a custodian of it).
    function _requireHeld(address hospital, bytes32 recordId) private view {
        if (_records.commitmentOf(hospital, recordId, 1) == bytes32(0)) revert AccessControlRecordNotHeld(hospital, recordId);
    }

    function _receiptKey(address hospital, bytes32 recordId) private pure returns (bytes32) {
        return keccak256(abi.encode(hospital, recordId));
    }

    function _grantKey(address grantee, bytes32 grantId, bytes32 scope) private pure returns (bytes32) {
        return keccak256(abi.encode(grantee, grantId, scope));
    }

    /// @dev Stored, not revoked and not expired.
    function _isLive(uint256 packed) private view returns (bool) {
        return packed != 0 && packed & REVOKED_BIT == 0 && uint64(packed >> EXPIRY_SHIFT) > block.timestamp;
    }

    function _requireSigner(bytes32 digest, bytes calldata signature, address expected) private pure {
        if (signature.length != 65) revert AccessControlInvalidSignature();
        (address signer, ECDSA.RecoverError err,) =
            ECDSA.tryRecover(digest, uint8(signature[64]), bytes32(signature[0:32]), bytes32(signature[32:64]));
        if (err == ECDSA.RecoverError.InvalidSignatureS) revert AccessControlMalleableSignature();
        if (err != ECDSA.RecoverError.NoError || signer != expected) revert AccessControlInvalidSignature();
    }
}
