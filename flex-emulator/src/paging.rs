//! List envelopes: public REST pages (`meta` with working page URLs) and
//! event-bridge lists (`contents` + `after_sid`).

use serde_json::{json, Value};

use crate::errors::{ApiError, ApiResult};
use crate::params::Params;

const DEFAULT_PAGE_SIZE: usize = 50;
const MAX_PAGE_SIZE: usize = 1000;

fn page_size(params: &Params) -> ApiResult<usize> {
    match params.int::<usize>("PageSize")? {
        None => Ok(DEFAULT_PAGE_SIZE),
        Some(n) if (1..=MAX_PAGE_SIZE).contains(&n) => Ok(n),
        Some(n) => Err(ApiError::bad_request(format!(
            "PageSize must be between 1 and {MAX_PAGE_SIZE}, got {n}"
        ))),
    }
}

/// One public REST page of `items` under `key`, with `meta` URLs that keep the filters.
/// `PageToken` (`PT<offset>`) wins over `Page` for the start offset.
pub fn public_page(
    key: &str,
    items: Vec<Value>,
    params: &Params,
    base_url: &str,
    path: &str,
) -> ApiResult<Value> {
    let size = page_size(params)?;
    let page = params.int::<usize>("Page")?.unwrap_or(0);
    let offset = match params.get("PageToken") {
        Some(token) => token
            .strip_prefix("PT")
            .and_then(|n| n.parse::<usize>().ok())
            .ok_or_else(|| ApiError::bad_request(format!("Invalid PageToken '{token}'")))?,
        None => page.saturating_mul(size),
    };
    let filters: Vec<(String, String)> = params
        .pairs()
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "PageSize" | "Page" | "PageToken"))
        .cloned()
        .collect();
    let url = |page: usize, offset: Option<usize>| {
        let mut query = filters.clone();
        query.push(("PageSize".into(), size.to_string()));
        query.push(("Page".into(), page.to_string()));
        if let Some(offset) = offset {
            query.push(("PageToken".into(), format!("PT{offset}")));
        }
        format!(
            "{base_url}{path}?{}",
            serde_urlencoded::to_string(&query).unwrap_or_default()
        )
    };
    let total = items.len();
    let contents: Vec<Value> = items.into_iter().skip(offset).take(size).collect();
    let next = (offset.saturating_add(size) < total)
        .then(|| url(page.saturating_add(1), Some(offset.saturating_add(size))));
    let previous = (page > 0 && offset > 0)
        .then(|| url(page.saturating_sub(1), Some(offset.saturating_sub(size))));
    Ok(json!({
        key: contents,
        "meta": {
            "page": page,
            "page_size": size,
            "first_page_url": url(0, None),
            "previous_page_url": previous,
            "next_page_url": next,
            "url": url(page, params.get("PageToken").map(|_| offset)),
            "key": key,
        }
    }))
}

/// An event-bridge list `{contents, after_sid, meta}` of `(sid, item)` pairs,
/// paged by `AfterSid` (or `NextToken`) and `PageSize`.
pub fn tunnel_page(items: Vec<(String, Value)>, params: &Params) -> ApiResult<Value> {
    let size = page_size(params)?;
    let after = params.get("AfterSid").or_else(|| params.get("NextToken"));
    let start = match after {
        Some(sid) => items
            .iter()
            .position(|(s, _)| s == sid)
            .map_or(items.len(), |i| i.saturating_add(1)),
        None => 0,
    };
    let total = items.len();
    let page: Vec<(String, Value)> = items.into_iter().skip(start).take(size).collect();
    let after_sid = (start.saturating_add(page.len()) < total)
        .then(|| page.last().map(|(sid, _)| sid.clone()))
        .flatten();
    Ok(json!({
        "contents": page.into_iter().map(|(_, v)| v).collect::<Vec<_>>(),
        "after_sid": after_sid,
        "meta": {"page_size": size, "next_token": after_sid},
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_pages_chain() {
        let items: Vec<Value> = (0..5).map(|i| json!(i)).collect();
        let params = Params::from_form("PageSize=2&Available=true");
        let first = public_page("workers", items.clone(), &params, "http://h", "/v1/W").unwrap();
        assert_eq!(first["workers"], json!([0, 1]));
        let next = first["meta"]["next_page_url"].as_str().unwrap();
        assert!(next.contains("Available=true") && next.contains("PageToken=PT2"));
        let query = next.split_once('?').unwrap().1;
        let second = public_page(
            "workers",
            items.clone(),
            &Params::from_form(query),
            "http://h",
            "/v1/W",
        )
        .unwrap();
        assert_eq!(second["workers"], json!([2, 3]));
        let last = public_page(
            "workers",
            items,
            &Params::from_form("PageSize=2&Page=2&PageToken=PT4"),
            "h",
            "/p",
        )
        .unwrap();
        assert!(last["meta"]["next_page_url"].is_null());
    }

    #[test]
    fn tunnel_pages_chain() {
        let items: Vec<(String, Value)> = (0..3).map(|i| (format!("S{i}"), json!(i))).collect();
        let first = tunnel_page(items.clone(), &Params::from_form("PageSize=2")).unwrap();
        assert_eq!(first["after_sid"], "S1");
        let second = tunnel_page(items, &Params::from_form("PageSize=2&AfterSid=S1")).unwrap();
        assert_eq!(second["contents"], json!([2]));
        assert!(second["after_sid"].is_null());
    }
}
