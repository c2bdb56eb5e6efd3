//! Time helpers: lenient date readers (epoch seconds or milliseconds, ISO 8601).

/// Parses `YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)` to epoch seconds.
pub(crate) fn parse_iso8601(s: &str) -> Option<i64> {
    let s = s.trim();
    let (date, rest) = s.split_at_checked(10)?;
    let mut d = date.split('-');
    let year: i64 = d.next()?.parse().ok()?;
    let month: u32 = d.next()?.parse().ok()?;
    let day: u32 = d.next()?.parse().ok()?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let rest = rest.strip_prefix(['T', 't', ' '])?;
    let (time, zone) = match rest.find(['Z', 'z', '+', '-']) {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let time = time.split('.').next()?;
    let mut t = time.split(':');
    let h: i64 = t.next()?.parse().ok()?;
    let m: i64 = t.next()?.parse().ok()?;
    let sec: i64 = t.next().unwrap_or("0").parse().ok()?;
    // In range, so the sum below cannot overflow (the year has at most six digits).
    if !(0..=24).contains(&h) || !(0..=59).contains(&m) || !(0..=60).contains(&sec) {
        return None;
    }
    let offset = match zone {
        "" | "Z" | "z" => 0,
        z => {
            let sign = if z.starts_with('-') { -1 } else { 1 };
            let mut p = z[1..].split(':');
            let oh: i64 = p.next()?.parse().ok()?;
            let om: i64 = p.next().unwrap_or("0").parse().ok()?;
            if !(0..=23).contains(&oh) || !(0..=59).contains(&om) {
                return None;
            }
            sign * (oh * 3600 + om * 60)
        }
    };
    Some(days_from_civil(year, month, day) * 86_400 + h * 3600 + m * 60 + sec - offset)
}

/// A date given as epoch seconds, epoch milliseconds (detected by size) or an ISO 8601 string.
pub(crate) fn time_from_value(v: &serde_json::Value) -> Option<i64> {
    match v {
        serde_json::Value::Number(n) => {
            let n = n.as_i64().or_else(|| n.as_f64().map(|f| f as i64))?;
            Some(if n > 100_000_000_000 { n / 1000 } else { n })
        }
        serde_json::Value::String(s) => s.trim().parse::<i64>().ok().or_else(|| parse_iso8601(s)),
        _ => None,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_iso8601() {
        assert_eq!(parse_iso8601("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_iso8601("2017-05-30T23:32:39Z"), Some(1_496_187_159));
        assert_eq!(
            parse_iso8601("2017-05-30T23:32:39.123Z"),
            Some(1_496_187_159)
        );
        assert_eq!(
            parse_iso8601("2017-05-31T01:32:39+02:00"),
            Some(1_496_187_159)
        );
        assert_eq!(parse_iso8601("2000-02-29T00:00:00Z"), Some(951_782_400));
        assert_eq!(parse_iso8601("garbage"), None);
        assert_eq!(parse_iso8601("2017-13-30T23:32:39Z"), None);
        assert_eq!(parse_iso8601("é"), None);
    }

    /// Found by the token_info fuzz target: huge hours, minutes, seconds or offsets
    /// overflowed (a panic in debug builds, a wrapped expiry in release builds).
    #[test]
    fn out_of_range_times_are_refused_not_overflowed() {
        assert_eq!(parse_iso8601("2026-12-02T16:00260000000000000001:00"), None);
        assert_eq!(parse_iso8601("2026-12-02T9223372036854775807:00:00Z"), None);
        assert_eq!(parse_iso8601("2026-12-02T00:00:9223372036854775807Z"), None);
        assert_eq!(parse_iso8601("2026-12-02T00:00:00+9223372036854775807:00"), None);
        assert_eq!(parse_iso8601("2026-12-02T00:00:00-01:-30"), None);
        assert_eq!(parse_iso8601("2026-12-02T-1:00:00Z"), None);
        assert!(parse_iso8601("999999-1-1T23:59:60+23:59").is_some());
        assert_eq!(parse_iso8601("2017-05-30T24:00:00Z"), Some(1_496_188_800));
    }
}
