// Scans the hospital desk's check-in QR with the phone camera through the browser's BarcodeDetector (where it
// exists; elsewhere the page offers pasting the code). Frames stay in the page; nothing is uploaded.
export function supported() {
    return 'BarcodeDetector' in window && !!navigator.mediaDevices?.getUserMedia;
}

export async function scan(video, timeoutMs) {
    const detector = new BarcodeDetector({ formats: ['qr_code'] });
    const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
    try {
        video.srcObject = stream;
        await video.play();
        const until = Date.now() + timeoutMs;
        while (Date.now() < until) {
            const codes = await detector.detect(video);
            const found = codes.find(c => c.rawValue && c.rawValue.startsWith('emrshare-checkin:'));
            if (found) {
                return found.rawValue;
            }
            await new Promise(resolve => setTimeout(resolve, 250));
        }
        return null;
    } finally {
        stream.getTracks().forEach(track => track.stop());
        video.srcObject = null;
    }
}
