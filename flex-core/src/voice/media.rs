//! Media behind [`MediaEngine`] (VOICE.md §3.1), and the signalling-only
//! [`NullMediaEngine`]: valid SDP, no audio, no sockets.

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};

use rand::Rng;

use crate::error::{FlexSdkError, Result};

/// The media side of one call: SDP in and out, and local controls. Signalling
/// never assumes a browser; a host (Swift, Kotlin, C) can implement this with its
/// platform's WebRTC.
pub trait MediaEngine: Send + Sync {
    /// The local answer to a remote offer (an incoming call).
    fn answer(&self, offer: &str) -> Result<String>;
    /// A new local offer; `ice_restart` for a media reconnection.
    fn offer(&self, ice_restart: bool) -> Result<String>;
    /// Applies the remote answer to a local offer.
    fn apply_answer(&self, answer: &str) -> Result<()>;
    /// Silences (or restores) the local audio; the call stays up.
    fn set_muted(&self, muted: bool);
    /// Sends DTMF in the media (RFC 4733); false when the engine cannot, and
    /// the digits go over signalling instead.
    fn send_dtmf(&self, digits: &str) -> bool;
    /// Releases the media.
    fn close(&self);
}

/// Codecs the null engine answers with, by `rtpmap` name, in order of preference
/// (the Voice SDK's default preference is PCMU, then Opus).
const CODECS: [&str; 4] = ["pcmu", "opus", "pcma", "telephone-event"];

/// Signalling only: answers with a valid SDP (the offer's audio line and mid,
/// its PCMU/Opus/PCMA/telephone-event payloads, dummy ICE and DTLS credentials),
/// opens nothing, and has no in-band DTMF. For tests, bots and call-control tools.
#[derive(Debug, Default)]
pub struct NullMediaEngine {
    muted: AtomicBool,
    closed: AtomicBool,
    /// Bumped by every ICE restart (new credentials).
    ice_generation: AtomicU32,
}

impl NullMediaEngine {
    /// A new engine for one call.
    pub fn new() -> NullMediaEngine {
        NullMediaEngine::default()
    }

    /// Whether the local audio is muted.
    pub fn is_muted(&self) -> bool {
        self.muted.load(Ordering::SeqCst)
    }

    fn check_open(&self) -> Result<()> {
        if self.closed.load(Ordering::SeqCst) {
            return Err(FlexSdkError::invalid_state("the media engine is closed"));
        }
        Ok(())
    }

    /// A session description with one audio line of these `(payload type, rtpmap)`.
    fn describe(&self, mid: &str, setup: &str, codecs: &[(String, String)]) -> String {
        let session: u64 = rand::thread_rng().gen_range(1..i64::MAX as u64);
        let generation = self.ice_generation.load(Ordering::SeqCst);
        let pts: Vec<&str> = codecs.iter().map(|(pt, _)| pt.as_str()).collect();
        let mut sdp = format!(
            "v=0\r\no=- {session} 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE {mid}\r\n\
             m=audio 9 UDP/TLS/RTP/SAVPF {}\r\nc=IN IP4 0.0.0.0\r\na=rtcp:9 IN IP4 0.0.0.0\r\n\
             a=ice-ufrag:null{generation}\r\na=ice-pwd:nullmediaenginepassword{generation:04}\r\n\
             a=fingerprint:sha-256 {}\r\na=setup:{setup}\r\na=mid:{mid}\r\na=sendrecv\r\na=rtcp-mux\r\n",
            pts.join(" "),
            ["AB"; 32].join(":"),
        );
        for (pt, map) in codecs {
            sdp.push_str(&format!("a=rtpmap:{pt} {map}\r\n"));
        }
        sdp
    }
}

/// An SDP token (RFC 4566 `token`, the grammar of `mid`), at most 32 characters.
fn is_token(value: &str) -> bool {
    (1..=32).contains(&value.len())
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`{|}~".contains(c))
}

/// An `rtpmap` encoding: `name/rate` or `name/rate/channels`.
fn is_encoding(value: &str) -> bool {
    let mut parts = value.split('/');
    let name = parts.next().unwrap_or_default();
    let numbers: Vec<&str> = parts.collect();
    !name.is_empty()
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && (1..=2).contains(&numbers.len())
        && numbers
            .iter()
            .all(|n| !n.is_empty() && n.len() <= 6 && n.chars().all(|c| c.is_ascii_digit()))
}

/// The offer's audio `mid` and its known codecs `(pt, rtpmap)`, preferred first.
fn offered(offer: &str) -> Result<(String, Vec<(String, String)>)> {
    let malformed = |why: &str| FlexSdkError::invalid_params(format!("the remote offer {why}"));
    let m_line = offer
        .lines()
        .find(|l| l.starts_with("m=audio "))
        .ok_or_else(|| malformed("has no audio line"))?;
    let pts: Vec<&str> = m_line.split_whitespace().skip(3).collect();
    // Values copied into the answer must be what the grammar allows (no line breaks
    // or other attributes smuggled in): a token mid, a numeric payload type, `name/rate[/ch]`.
    let mid = offer
        .lines()
        .find_map(|l| l.strip_prefix("a=mid:"))
        .map(str::trim)
        .filter(|m| is_token(m))
        .unwrap_or("0")
        .to_string();
    let mut codecs: Vec<(usize, String, String)> = offer
        .lines()
        .filter_map(|l| l.strip_prefix("a=rtpmap:"))
        .filter_map(|l| l.trim().split_once(' '))
        .filter(|(pt, map)| {
            pts.contains(pt) && pt.parse::<u8>().is_ok_and(|n| n <= 127) && is_encoding(map)
        })
        .filter_map(|(pt, map)| {
            let name = map
                .split('/')
                .next()
                .unwrap_or_default()
                .to_ascii_lowercase();
            CODECS
                .iter()
                .position(|c| *c == name)
                .map(|rank| (rank, pt.to_string(), map.to_string()))
        })
        .collect();
    codecs.sort_by_key(|(rank, _, _)| *rank);
    if codecs
        .iter()
        .all(|(_, _, map)| map.to_ascii_lowercase().starts_with("telephone-event"))
    {
        return Err(malformed(
            "offers no audio codec this engine knows (PCMU, Opus, PCMA)",
        ));
    }
    Ok((
        mid,
        codecs.into_iter().map(|(_, pt, map)| (pt, map)).collect(),
    ))
}

impl MediaEngine for NullMediaEngine {
    fn answer(&self, offer: &str) -> Result<String> {
        self.check_open()?;
        let (mid, codecs) = offered(offer)?;
        Ok(self.describe(&mid, "active", &codecs))
    }

    fn offer(&self, ice_restart: bool) -> Result<String> {
        self.check_open()?;
        if ice_restart {
            self.ice_generation.fetch_add(1, Ordering::SeqCst);
        }
        let codecs = [
            ("0", "PCMU/8000"),
            ("111", "opus/48000/2"),
            ("101", "telephone-event/8000"),
        ];
        let codecs: Vec<(String, String)> = codecs
            .iter()
            .map(|(p, m)| (p.to_string(), m.to_string()))
            .collect();
        Ok(self.describe("0", "actpass", &codecs))
    }

    fn apply_answer(&self, answer: &str) -> Result<()> {
        self.check_open()?;
        offered(answer).map(|_| ())
    }

    fn set_muted(&self, muted: bool) {
        self.muted.store(muted, Ordering::SeqCst);
    }

    fn send_dtmf(&self, _digits: &str) -> bool {
        false
    }

    fn close(&self) {
        self.closed.store(true, Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OFFER: &str = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=ice-lite\r\n\
        m=audio 9 UDP/TLS/RTP/SAVPF 111 0 101\r\nc=IN IP4 127.0.0.1\r\na=mid:audio\r\n\
        a=rtpmap:111 opus/48000/2\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\n";

    #[test]
    fn answers_with_the_offer_mid_and_pcmu_first() {
        let e = NullMediaEngine::new();
        let sdp = e.answer(OFFER).unwrap();
        assert!(sdp.starts_with("v=0\r\n"));
        assert!(
            sdp.contains("m=audio 9 UDP/TLS/RTP/SAVPF 0 111 101\r\n"),
            "{sdp}"
        );
        assert!(sdp.contains("a=mid:audio\r\n"));
        assert!(sdp.contains("a=setup:active\r\n"));
        assert!(sdp.contains("a=fingerprint:sha-256 AB:"));
        assert!(sdp.lines().all(|l| l.len() > 2 && l.as_bytes()[1] == b'='));
        assert!(e.apply_answer(&sdp).is_ok());
    }

    #[test]
    fn nothing_but_valid_values_is_copied_into_the_answer() {
        let offer = "v=0\r\nm=audio 9 RTP/AVP 0 111\r\na=mid:x m=audio 9\r\n\
            a=rtpmap:0 PCMU/8000\r\na=rtpmap:111 opus/48000\rm=audio 1 RTP/AVP 0\r\n";
        let sdp = NullMediaEngine::new().answer(offer).unwrap();
        assert_eq!(sdp.matches("m=audio").count(), 1, "{sdp}");
        assert!(sdp.contains("a=mid:0\r\n"));
        assert!(!sdp.contains("a=rtpmap:111"));
        assert!(is_token("audio") && !is_token("a b") && !is_token(""));
        assert!(is_encoding("opus/48000/2") && is_encoding("PCMU/8000"));
        assert!(!is_encoding("opus") && !is_encoding("opus/48000\rx") && !is_encoding("op us/1"));
    }

    #[test]
    fn refuses_offers_without_audio_and_works_until_closed() {
        let e = NullMediaEngine::new();
        assert!(e.answer("v=0\r\nm=video 9 RTP/AVP 96\r\n").is_err());
        assert!(e
            .answer("v=0\r\nm=audio 9 RTP/AVP 9\r\na=rtpmap:9 G722/8000\r\n")
            .is_err());
        let first = e.offer(false).unwrap();
        let restarted = e.offer(true).unwrap();
        assert_ne!(
            first.lines().find(|l| l.starts_with("a=ice-ufrag")),
            restarted.lines().find(|l| l.starts_with("a=ice-ufrag"))
        );
        e.set_muted(true);
        assert!(e.is_muted());
        assert!(!e.send_dtmf("1"));
        e.close();
        assert!(e.answer(OFFER).is_err());
    }
}
