// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IRegistryMirror} from "./common/IRegistryMirror.sol";
import {IRegistry} from "./interfaces/IRegistry.sol";

/**
 * @title Registry
 * @notice Membership of the EmrShare network, kept by the Blockchain Center (the owner, transferable in two
 * steps): hospitals, the practitioners working for them, patients and patients' pseudonyms.
 *
 * @dev Unlinkability scheme. A patient is registered once as `identityCommitment` = a 32-byte commitment to
 * the identity key (the chain learns no identity). Per hospital the wallet derives a pseudonym key
 * (HKDF of the patient's master secret with the hospital address as info, see docs/interfaces.md) and one
 * more for its index account. The Center registers pseudonym addresses in batches via
 * {registerPseudonyms}, mixing many patients per batch and storing no link between a pseudonym, the other
 * pseudonyms of the same patient, or the identity commitment. A hospital therefore can check "this
 * pseudonym is a registered patient" ({isPatientPseudonym}) without learning who it is, and two hospitals
 * cannot link their pseudonyms from chain data. Honest limit: the Center, which verified the identity off
 * chain and submitted the batch, knows the links; timing of a batch and per-pseudonym activity patterns
 * can also leak correlations to an observer.
 *
 * Membership is pushed into the Records, Index and AccessControl mirrors (see {RegistryMirror}) so their
 * hot paths read it locally; {bindMirrors} connects them once after deployment.
 */
contract Registry is IRegistry, Ownable2Step {
    uint8 private constant KIND_HOSPITAL = 1;
    uint8 private constant KIND_PSEUDONYM = 2;
    uint8 private constant KIND_PRACTITIONER = 3;
    uint256 private constant MIRROR_ACTIVE_HOSPITAL = 1;
    uint256 private constant MIRROR_PSEUDONYM = 2;
    uint256 private constant MIRROR_PRACTITIONER = 3;

    struct Account {
        uint8 kind;
        bool active;
        address hospital; // employer of a practitioner
    }

    struct Hospital {
        bytes32 keyX; // x coordinate of the compressed secp256k1 encryption key
        bytes1 keyPrefix; // 0x02 or 0x03
        bytes32 nameHash;
    }

    IRegistryMirror private _records;
    IRegistryMirror private _index;
    IRegistryMirror private _accessControl;
    mapping(address account => Account) private _accounts;
    mapping(address hospital => Hospital) private _hospitals;
    mapping(bytes32 identityCommitment => bool) private _patients;

    /// @param center The Blockchain Center, first owner.
    constructor(address center) Ownable(center) {}

    /**
     * @notice Connects the three mirrors once (owner only); every later membership change is pushed to them.
     * @param records Records contract. @param index Index contract. @param accessControl AccessControl contract.
     */
    function bindMirrors(address records, address index, address accessControl) external onlyOwner {
        if (address(_records) != address(0)) revert RegistryMirrorsAlreadyBound();
        if (records == address(0) || index == address(0) || accessControl == address(0)) revert RegistryZeroAddress();
        _records = IRegistryMirror(records);
        _index = IRegistryMirror(index);
        _accessControl = IRegistryMirror(accessControl);
        emit MirrorsBound(records, index, accessControl);
    }

    /**
     * @notice Registers an active hospital (owner only).
     * @param hospital The hospital's chain account.
     * @param encryptionKey 33-byte compressed secp256k1 public key records are wrapped to.
     * @param nameHash keccak256 of the display name (the name itself stays off chain).
     */
    function registerHospital(address hospital, bytes calldata encryptionKey, bytes32 nameHash) external onlyOwner {
        if (encryptionKey.length != 33 || (encryptionKey[0] != 0x02 && encryptionKey[0] != 0x03)) {
            revert RegistryInvalidEncryptionKey();
        }
        _claim(hospital, Account(KIND_HOSPITAL, true, address(0)));
        _hospitals[hospital] = Hospital(bytes32(encryptionKey[1:33]), encryptionKey[0], nameHash);
        address[] memory accounts = _one(hospital);
        _records.mirrorMembers(accounts, MIRROR_ACTIVE_HOSPITAL);
        _accessControl.mirrorMembers(accounts, MIRROR_ACTIVE_HOSPITAL);
        emit HospitalRegistered(hospital, nameHash, encryptionKey);
    }

    /**
     * @notice Deactivates a hospital for good (owner only): it can no longer anchor, receive grants, or
     * vouch for its practitioners.
     * @param hospital The hospital's chain account.
     */
    function deactivateHospital(address hospital) external onlyOwner {
        Account storage account = _accounts[hospital];
        if (account.kind != KIND_HOSPITAL) revert RegistryUnknownHospital(hospital);
        if (!account.active) revert RegistryHospitalNotActive(hospital);
        account.active = false;
        address[] memory accounts = _one(hospital);
        _records.mirrorMembers(accounts, 0);
        _accessControl.mirrorMembers(accounts, 0);
        emit HospitalDeactivated(hospital);
    }

    /**
     * @notice Registers a practitioner under an active hospital; callable by the Center or that hospital.
     * @param practitioner The practitioner's signing account. @param hospital Employing hospital.
     */
    function registerPractitioner(address practitioner, address hospital) external {
        if (msg.sender != owner() && msg.sender != hospital) revert RegistryUnauthorized(msg.sender);
        Account storage employer = _accounts[hospital];
        if (employer.kind != KIND_HOSPITAL) revert RegistryUnknownHospital(hospital);
        if (!employer.active) revert RegistryHospitalNotActive(hospital);
        _claim(practitioner, Account(KIND_PRACTITIONER, true, hospital));
        _accessControl.mirrorMembers(_one(practitioner), MIRROR_PRACTITIONER | (uint256(uint160(hospital)) << 8));
        emit PractitionerRegistered(practitioner, hospital);
    }

    /**
     * @notice Deactivates a practitioner; callable by the Center or the employing hospital.
     * @param practitioner The practitioner's signing account.
     */
    function deactivatePractitioner(address practitioner) external {
        Account storage account = _accounts[practitioner];
        if (account.kind != KIND_PRACTITIONER) revert RegistryUnknownPractitioner(practitioner);
        if (msg.sender != owner() && msg.sender != account.hospital) revert RegistryUnauthorized(msg.sender);
        if (!account.active) revert RegistryPractitionerNotActive(practitioner);
        account.active = false;
        _accessControl.mirrorMembers(_one(practitioner), 0);
        emit PractitionerDeactivated(practitioner, account.hospital);
    }

    /**
     * @notice Registers a patient by a commitment to its identity key (owner only; identity checked off chain).
     * @param identityCommitment Commitment to the patient's identity key; unlinked to any pseudonym.
     */
    function registerPatient(bytes32 identityCommitment) external onlyOwner {
        if (identityCommitment == bytes32(0)) revert RegistryZeroCommitment();
        if (_patients[identityCommitment]) revert RegistryPatientAlreadyRegistered(identityCommitment);
        _patients[identityCommitment] = true;
        emit PatientRegistered(identityCommitment);
    }

    /**
     * @notice Registers a batch of patient pseudonym accounts (owner only). Batches should mix many
     * patients and be shuffled so that position and timing do not link pseudonyms.
     * @param pseudonyms Pseudonym addresses (per-hospital and index accounts alike).
     */
    function registerPseudonyms(address[] calldata pseudonyms) external onlyOwner {
        for (uint256 i = 0; i < pseudonyms.length; ++i) {
            _claim(pseudonyms[i], Account(KIND_PSEUDONYM, true, address(0)));
            emit PseudonymRegistered(pseudonyms[i]);
        }
        _index.mirrorMembers(pseudonyms, MIRROR_PSEUDONYM);
        _accessControl.mirrorMembers(pseudonyms, MIRROR_PSEUDONYM);
    }

    /// @notice Renouncing would leave the network without a registrar, so it is disabled.
    function renounceOwnership() public view override onlyOwner {
        revert RegistryRenounceDisabled();
    }

    /// @notice A hospital's encryption key, name hash and active flag; reverts for unknown hospitals.
    function hospitalOf(address account)
        external
        view
        returns (bytes memory encryptionKey, bytes32 nameHash, bool active)
    {
        if (_accounts[account].kind != KIND_HOSPITAL) revert RegistryUnknownHospital(account);
        Hospital storage h = _hospitals[account];
        return (abi.encodePacked(h.keyPrefix, h.keyX), h.nameHash, _accounts[account].active);
    }

    /// @notice True when `account` is a registered, active hospital.
    function isActiveHospital(address account) external view returns (bool) {
        Account storage a = _accounts[account];
        return a.kind == KIND_HOSPITAL && a.active;
    }

    /// @notice The employing hospital of a practitioner and whether practitioner and hospital are active.
    function practitionerOf(address account) external view returns (address employer, bool active) {
        Account storage a = _accounts[account];
        if (a.kind != KIND_PRACTITIONER) revert RegistryUnknownPractitioner(account);
        return (a.hospital, a.active && _accounts[a.hospital].active);
    }

    /// @notice True when `identityCommitment` belongs to a registered patient.
    function isPatientRegistered(bytes32 identityCommitment) external view returns (bool) {
        return _patients[identityCommitment];
    }

    /// @notice True when `account` is a registered patient pseudonym (per-hospital or index account).
    function isPatientPseudonym(address account) external view returns (bool) {
        return _accounts[account].kind == KIND_PSEUDONYM;
    }

    /// @notice The bound mirrors (zero before {bindMirrors}).
    function mirrors() external view returns (address records, address index, address accessControl) {
        return (address(_records), address(_index), address(_accessControl));
    }

    /// @dev One account holds one role for ever, so a hospital can never pose as a patient or vice versa.
    function _claim(address account, Account memory value) private {
        if (address(_records) == address(0)) revert RegistryMirrorsNotBound();
        if (account == address(0)) revert RegistryZeroAddress();
        if (_accounts[account].kind != 0) revert RegistryAccountAlreadyRegistered(account);
        _accounts[account] = value;
    }

    function _one(address account) private pure returns (address[] memory accounts) {
        accounts = new address[](1);
        accounts[0] = account;
    }
}
