// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {RegistryMirror} from "./common/RegistryMirror.sol";
import {IRecords} from "./interfaces/IRecords.sol";

/**
 * @title Records
 * @notice Append-only anchors of salted record-manifest commitments, per hospital, record and version, plus
 * Merkle-root batch anchors for bulk imports. Only active hospitals may anchor. Nothing but 32-byte
 * commitments and random record ids is stored: no CID, name or diagnosis.
 * @dev One storage slot per anchored version, keyed by keccak256(hospital, recordId, version), to keep a
 * single anchor under 50k gas. Version 1 must name previous = 0; version n must name the commitment the
 * same hospital anchored for version n-1. The EIP-712 domain "EmrShare Records" is used off chain for the
 * practitioner-signed manifests; it is exposed here so clients can cross-check it.
 */
contract Records is IRecords, EIP712, RegistryMirror {
    /// @notice EIP-712 type hash of the record manifest (see docs/interfaces.md).
    bytes32 public constant MANIFEST_TYPEHASH = keccak256(
        "RecordManifest(bytes32 recordId,address patient,uint32 version,bytes32 previousManifest,bytes32 contentHash,bytes32 cidHash,bytes32 wrappedKeysHash,address custodian)"
    );

    mapping(bytes32 key => bytes32 commitment) private _commitments;
    mapping(bytes32 key => uint256 count) private _batches;

    /// @param registry_ The Registry that pushes hospital membership here.
    constructor(address registry_) EIP712("EmrShare Records", "1") RegistryMirror(registry_) {}

    /**
     * @notice Anchors the salted commitment of one record version (active hospitals only).
     * @param recordId Random 32-byte record id. @param version 1 for a new record, n for the n-th amendment.
     * @param commitment keccak256(manifestDigest ‖ salt). @param previousCommitment Commitment of version-1, zero for version 1.
     */
    function anchorRecord(bytes32 recordId, uint32 version, bytes32 commitment, bytes32 previousCommitment) external {
        if (!_isActiveHospital(msg.sender)) revert RecordsHospitalNotActive(msg.sender);
        if (commitment == bytes32(0)) revert RecordsZeroCommitment();
        if (version == 0) revert RecordsInvalidVersion(version);
        bytes32 key = _key(msg.sender, recordId, version);
        if (_commitments[key] != bytes32(0)) revert RecordsVersionExists(recordId, version);
        bytes32 expectedPrevious = version == 1 ? bytes32(0) : _commitments[_key(msg.sender, recordId, version - 1)];
        if (previousCommitment != expectedPrevious || (version > 1 && expectedPrevious == bytes32(0))) {
            revert RecordsPreviousMismatch(recordId, version);
        }
        _commitments[key] = commitment;
        emit RecordAnchored(msg.sender, recordId, version, commitment);
    }

    /**
     * @notice Anchors the Merkle root of a bulk import (active hospitals only); leaves are
     * {batchLeaf}(recordId, version, commitment), inner nodes sorted-pair keccak256 (OpenZeppelin MerkleProof).
     * @param root Merkle root. @param count Number of leaves, for audit.
     */
    function anchorBatch(bytes32 root, uint32 count) external {
        if (!_isActiveHospital(msg.sender)) revert RecordsHospitalNotActive(msg.sender);
        if (root == bytes32(0)) revert RecordsZeroCommitment();
        if (count == 0) revert RecordsEmptyBatch();
        bytes32 key = keccak256(abi.encode(msg.sender, root));
        if (_batches[key] != 0) revert RecordsBatchExists(root);
        _batches[key] = count;
        emit BatchAnchored(msg.sender, root, count);
    }

    /// @notice The commitment `hospital` anchored for (recordId, version), or zero.
    function commitmentOf(address hospital, bytes32 recordId, uint32 version) external view returns (bytes32) {
        return _commitments[_key(hospital, recordId, version)];
    }

    /// @notice Number of leaves of a batch `hospital` anchored under `root`, zero if none.
    function batchSize(address hospital, bytes32 root) external view returns (uint32) {
        return uint32(_batches[keccak256(abi.encode(hospital, root))]);
    }

    /**
     * @notice True when (recordId, version, commitment) is a leaf of a batch `hospital` anchored under `root`.
     * @param proof Sibling hashes from the leaf to the root.
     */
    function verifyBatchRecord(
        address hospital,
        bytes32 root,
        bytes32 recordId,
        uint32 version,
        bytes32 commitment,
        bytes32[] calldata proof
    ) external view returns (bool) {
        if (_batches[keccak256(abi.encode(hospital, root))] == 0) return false;
        return MerkleProof.verifyCalldata(proof, root, batchLeaf(recordId, version, commitment));
    }

    /// @notice Batch leaf: keccak256(bytes.concat(keccak256(abi.encode(recordId, version, commitment)))).
    function batchLeaf(bytes32 recordId, uint32 version, bytes32 commitment) public pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(recordId, version, commitment))));
    }

    /// @notice EIP-712 domain separator of "EmrShare Records" v1 on this chain.
    function domainSeparator() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    function _key(address hospital, bytes32 recordId, uint32 version) private pure returns (bytes32) {
        return keccak256(abi.encode(hospital, recordId, version));
    }
}
