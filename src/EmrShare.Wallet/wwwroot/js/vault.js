// The wallet's vault: the master secret sealed under the passphrase, in this browser's IndexedDB only.
// PBKDF2-HMAC-SHA256 (WebCrypto, native speed) turns the passphrase into a non-extractable AES-256-GCM key;
// the record keeps salt, iteration count, nonce and ciphertext. Nothing here touches the network.
const dbName = 'emrshare-wallet';
const storeName = 'vault';
const recordKey = 'master-secret';
const aad = new TextEncoder().encode('EmrShare wallet vault v1');

function openDb() {
    return new Promise((resolve, reject) => {
        const request = indexedDB.open(dbName, 1);
        request.onupgradeneeded = () => request.result.createObjectStore(storeName);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
    });
}

async function withStore(mode, action) {
    const db = await openDb();
    try {
        return await new Promise((resolve, reject) => {
            const tx = db.transaction(storeName, mode);
            const request = action(tx.objectStore(storeName));
            tx.oncomplete = () => resolve(request.result);
            tx.onerror = () => reject(tx.error);
            tx.onabort = () => reject(tx.error);
        });
    } finally {
        db.close();
    }
}

async function deriveKey(passphrase, salt, iterations) {
    const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(passphrase), 'PBKDF2', false, ['deriveKey']);
    return crypto.subtle.deriveKey(
        { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
        material, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

// Seals and stores the secret; returns the milliseconds the key derivation took (shown in docs/wallet.md).
export async function seal(passphrase, secret, iterations) {
    const salt = crypto.getRandomValues(new Uint8Array(16));
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const started = performance.now();
    const key = await deriveKey(passphrase, salt, iterations);
    const derivedMs = performance.now() - started;
    const ciphertext = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: aad }, key, secret));
    const record = { format: 1, kdf: 'PBKDF2-HMAC-SHA256', iterations, salt, iv, ciphertext, createdAt: new Date().toISOString() };
    await withStore('readwrite', store => store.put(record, recordKey));
    return Math.round(derivedMs);
}

// The stored record's public part (no ciphertext), or null when this browser holds no wallet.
export async function describe() {
    const record = await withStore('readonly', store => store.get(recordKey));
    return record ? { kdf: record.kdf, iterations: record.iterations, createdAt: record.createdAt } : null;
}

// Opens the vault; a wrong passphrase (or a modified record) fails authentication and returns null.
export async function open(passphrase) {
    const record = await withStore('readonly', store => store.get(recordKey));
    if (!record) {
        return null;
    }

    const key = await deriveKey(passphrase, record.salt, record.iterations);
    try {
        return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: record.iv, additionalData: aad }, key, record.ciphertext));
    } catch {
        return null;
    }
}

export async function forget() {
    await withStore('readwrite', store => store.delete(recordKey));
}
