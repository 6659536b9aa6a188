#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dashboard
import Feed
import Recording
import Store

extension Ingest {
    /// R: starts recording what is shown to a new file in the working directory, or stops the one
    /// running. Returns the file that was started or stopped.
    @discardableResult
    public func toggleRecording(directory: String = ".") -> String? {
        shared.withLock { s -> String? in
            if let r = s.recording {
                r.close(wait: false)
                log("recording stopped: \(r.path)")
                s.stopped.append(r)
                s.recorder = nil
                s.status.recording = nil
                s.status.saved = SourceStatus.Saved(path: r.path, at: wall())
                return r.path
            }
            let path = (directory == "." ? "" : directory + "/") + "chaintop-\(fileStamp()).jsonl"
            do {
                let recording = BackgroundRecording(writer: try FeedWriter(path: path, flushThreshold: 0))
                let header = Header(source: s.status.name.hasPrefix("sim") ? "sim" : "replay", created: s.store.state.ts,
                                    note: "recorded from the dashboard (\(s.status.name))")
                var recorder = Recorder(writer: recording, keyframeEvery: 10_000, keyframeMillis: 60_000, header: header,
                                        atMostHalf: true)
                recorder.begin(with: s.store.state)
                s.recorder = recorder
                s.status.recording = path
                log("recording to \(path)")
                return path
            } catch {
                s.status.error = "cannot record: \(error)"
                log("cannot record: \(error)")
                return nil
            }
        }
    }

    /// On the way out: every recording keeps every line received so far (this waits for their threads).
    public func finishRecordings() {
        let recordings = shared.withLock { s -> [BackgroundRecording] in
            let all = s.stopped + (s.recording.map { [$0] } ?? [])
            s.recorder = nil
            s.stopped = []
            return all
        }
        for r in recordings {
            r.close(wait: true)
            log("recording closed: \(r.path), \(r.linesWritten) lines" + (r.failure.map { ", failed: \($0)" } ?? ""))
        }
    }
}

/// "20261126-101500", for recording file names.
func fileStamp() -> String {
    var t = time(nil)
    var tmv = tm()
    localtime_r(&t, &tmv)
    func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
    return "\(tmv.tm_year + 1900)\(two(tmv.tm_mon + 1))\(two(tmv.tm_mday))-\(two(tmv.tm_hour))\(two(tmv.tm_min))\(two(tmv.tm_sec))"
}
