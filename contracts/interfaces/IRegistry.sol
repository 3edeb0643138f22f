// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title IRegistry
 * @notice Events and custom errors of {Registry}, so clients and tests compile against the interface.
 */
interface IRegistry {
    error RegistryMirrorsAlreadyBound();
    error RegistryMirrorsNotBound();
    error RegistryZeroAddress();
    error RegistryZeroCommitment();
    error RegistryInvalidEncryptionKey();
    error RegistryAccountAlreadyRegistered(address account);
    error RegistryUnknownHospital(address hospital);
    error RegistryHospitalNotActive(address hospital);
    error RegistryUnknownPractitioner(address practitioner);
    error RegistryPractitionerNotActive(address practitioner);
    error RegistryUnauthorized(address caller);
    error RegistryPatientAlreadyRegistered(bytes32 identityCommitment);
    error RegistryRenounceDisabled();

    event MirrorsBound(address records, address index, address accessControl);
    event HospitalRegistered(address indexed hospital, bytes32 nameHash, bytes encryptionKey);
    event HospitalDeactivated(address indexed hospital);
    event PractitionerRegistered(address indexed practitioner, address indexed hospital);
    event PractitionerDeactivated(address indexed practitioner, address indexed hospital);
    event PatientRegistered(bytes32 indexed identityCommitment);
    event PseudonymRegistered(address indexed pseudonym);
}
