//! [`Kinds`]: the set of event kinds a listener or a stream asked for.

use super::FlexEventKind;

/// A set of [`FlexEventKind`]s, one bit per kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Kinds(u64);

const _: () = assert!(<FlexEventKind as strum::EnumCount>::COUNT <= 64);

impl Kinds {
    /// Every kind.
    pub(crate) const ALL: Kinds = Kinds(u64::MAX);
    /// No kind.
    pub(crate) const NONE: Kinds = Kinds(0);

    /// The kinds asked for, or every kind when `kinds` is empty. A non-empty
    /// set also holds `EventsDropped` (what its reader may have missed) and
    /// `ClientDestroyed` (the last event), whatever was asked.
    pub(crate) fn of(kinds: &[FlexEventKind]) -> Kinds {
        if kinds.is_empty() {
            return Kinds::ALL;
        }
        let always = [FlexEventKind::EventsDropped, FlexEventKind::ClientDestroyed];
        Kinds(kinds.iter().chain(&always).fold(0, |mask, k| mask | bit(*k)))
    }

    /// Whether the set holds `kind`.
    pub(crate) fn contains(self, kind: FlexEventKind) -> bool {
        self.0 & bit(kind) != 0
    }

    /// Both sets together.
    pub(crate) fn union(self, other: Kinds) -> Kinds {
        Kinds(self.0 | other.0)
    }

    /// The set as its bit mask (for an atomic).
    pub(crate) fn bits(self) -> u64 {
        self.0
    }

    /// The set a bit mask from [`Kinds::bits`] stands for.
    pub(crate) fn from_bits(bits: u64) -> Kinds {
        Kinds(bits)
    }
}

fn bit(kind: FlexEventKind) -> u64 {
    1 << (kind as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use strum::IntoEnumIterator;

    #[test]
    fn a_set_holds_what_was_asked_and_the_stream_events() {
        let set = Kinds::of(&[FlexEventKind::ReservationCreated]);
        assert!(set.contains(FlexEventKind::ReservationCreated));
        assert!(set.contains(FlexEventKind::EventsDropped));
        assert!(set.contains(FlexEventKind::ClientDestroyed));
        assert!(!set.contains(FlexEventKind::ReservationAccepted));
        assert!(!Kinds::NONE.contains(FlexEventKind::ClientDestroyed));
    }

    #[test]
    fn nothing_asked_is_every_kind() {
        let all = Kinds::of(&[]);
        assert!(FlexEventKind::iter().all(|k| all.contains(k)));
    }
}
