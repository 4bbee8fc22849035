// The seed README's "JavaScript Integration" snippet, run in Node 20 (built-in fetch) against a live server. The
// fetch calls and the fields read are the snippet's, unchanged; only the webcam is replaced: each "capture" reads a
// JPEG file and makes the same data URL canvas.toDataURL('image/jpeg', 0.8) would. Three ticks of the 1 s interval,
// then the end call. Prints a JSON summary on stdout.
// Usage: node seed_snippet.mjs BASE_URL FRAME.jpg [FRAME.jpg ...]
import { readFileSync } from 'node:fs';

const API_BASE = process.argv[2];
const files = process.argv.slice(3);
const captured = files.map((file) => 'data:image/jpeg;base64,' + readFileSync(file).toString('base64'));
const seen = { eyeContact: [], emotion: [] };

// 1. Start Session
const startResponse = await fetch(`${API_BASE}/api/sessions/start`, {
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ job_data: { jobTitle: 'Developer' } })
});
const { session_id } = await startResponse.json();

// 2. Capture and Send Frames (every 1 second)
for (let tick = 0; tick < 3; tick++) {
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const frameData = captured[tick % captured.length];

  const response = await fetch(`${API_BASE}/api/sessions/${session_id}/frame`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ frame: frameData })
  });

  const result = await response.json();
  seen.eyeContact.push(result.result.metrics.eye_contact);
  seen.emotion.push(result.result.dominant_emotion);
}

// 3. End Session
const report = await fetch(`${API_BASE}/api/sessions/${session_id}/end`, {
  method: 'POST'
});
const finalReport = await report.json();
console.log(JSON.stringify({
  session_id, start_status: startResponse.status, eye_contact: seen.eyeContact, emotion: seen.emotion,
  end_status: report.status, final_success: finalReport.success,
  frames_analysed: finalReport.report && finalReport.report.input.frames_analysed,
}));
