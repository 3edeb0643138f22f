// Items the wallet keeps on this phone (the medical index, record copies the patient chose to keep), each already
// encrypted by the wallet (AES-256-GCM under a key derived on the device from the master secret). This module only
// stores and returns opaque bytes in this browser's IndexedDB; nothing here touches the network.
const dbName = 'emrshare-wallet-records';
const storeName = 'items';

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

export async function put(name, bytes) {
    await withStore('readwrite', store => store.put(new Uint8Array(bytes), name));
}

export async function get(name) {
    const value = await withStore('readonly', store => store.get(name));
    return value === undefined ? null : value;
}

export async function remove(name) {
    await withStore('readwrite', store => store.delete(name));
}
