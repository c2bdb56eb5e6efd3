//! Region and edge host rules (PROTOCOL.md §1) and the endpoint override.

use std::net::IpAddr;

use url::Url;

use crate::error::{FlexSdkError, Result};
use crate::options::ClientOptions;

/// The base URLs of every service the client talks to (no trailing slash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hosts {
    /// Flex REST (`https://flex-api….twilio.com`).
    pub flex_api: String,
    /// Flex web API (`https://flex….twilio.com`).
    pub flex: String,
    /// Flex services (`https://services….twilio.com`).
    pub services: String,
    /// The event-bridge REST tunnel URL (`…/v1/wschannels`).
    pub event_bridge_http: String,
    /// The event-bridge websocket URL (`wss://…/v1/wschannels`).
    pub event_bridge_ws: String,
    /// The Twilio Voice signalling websocket URL (`wss://chunderw-vpc-gll….twilio.com/signal`).
    pub voice_signal: String,
}

impl Hosts {
    /// The hosts for these options: the endpoint override if set, else the Twilio hosts.
    pub fn from_options(options: &ClientOptions) -> Result<Hosts> {
        match options.endpoint_override.as_deref() {
            Some(base) => Hosts::overridden(base),
            None => Ok(Hosts::twilio(
                options.region.as_deref(),
                options.edge.as_deref(),
            )),
        }
    }

    /// The Twilio hosts for a region and an edge.
    pub fn twilio(region: Option<&str>, edge: Option<&str>) -> Hosts {
        let with_edge = regional_host_with_edge(region, edge);
        let eb = event_bridge_suffix(region);
        Hosts {
            flex_api: format!("https://flex-api{with_edge}.twilio.com"),
            flex: format!("https://flex{with_edge}.twilio.com"),
            services: format!("https://services{}.twilio.com", regional_host(region)),
            event_bridge_http: format!("https://event-bridge{eb}.twilio.com/v1/wschannels"),
            event_bridge_ws: format!("wss://event-bridge{eb}.twilio.com/v1/wschannels"),
            voice_signal: format!(
                "wss://chunderw-vpc-gll{}.twilio.com/signal",
                chunderw_suffix(region)
            ),
        }
    }

    /// Every service at one origin. Plain http is accepted only for loopback hosts.
    pub fn overridden(base: &str) -> Result<Hosts> {
        let url = Url::parse(base.trim()).map_err(|e| {
            FlexSdkError::invalid_params(format!("endpoint_override is not a URL: {e}"))
        })?;
        let ws_scheme = match url.scheme() {
            "https" => "wss",
            "http" if is_loopback(&url) => "ws",
            "http" => {
                return Err(FlexSdkError::invalid_params(
                    "endpoint_override must use https unless it points to a loopback host",
                ))
            }
            other => {
                return Err(FlexSdkError::invalid_params(format!(
                    "endpoint_override has unsupported scheme {other:?}"
                )))
            }
        };
        if url.host_str().is_none_or(str::is_empty) {
            return Err(FlexSdkError::invalid_params(
                "endpoint_override has no host",
            ));
        }
        let origin = url.as_str().trim_end_matches('/').to_string();
        let ws_origin = format!("{ws_scheme}{}", &origin[url.scheme().len()..]);
        Ok(Hosts {
            flex_api: origin.clone(),
            flex: origin.clone(),
            services: origin.clone(),
            event_bridge_http: format!("{origin}/v1/wschannels"),
            event_bridge_ws: format!("{ws_origin}/v1/wschannels"),
            voice_signal: format!("{ws_origin}/signal"),
        })
    }
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

/// `buildRegionalHost`: `""` for us1/prod/none, `.dev`/`.stage` for dev-us1/stage-us1, else `.region`.
pub fn regional_host(region: Option<&str>) -> String {
    match region.unwrap_or("") {
        "" | "prod" | "us1" => String::new(),
        "dev-us1" => ".dev".into(),
        "stage-us1" => ".stage".into(),
        r => format!(".{r}"),
    }
}

/// `buildRegionalHostWithEdge`: `.edge` followed by the regional host, when an edge is set.
pub fn regional_host_with_edge(region: Option<&str>, edge: Option<&str>) -> String {
    match edge.filter(|e| !e.is_empty()) {
        Some(edge) => format!(".{edge}{}", regional_host(region)),
        None => regional_host(region),
    }
}

/// The event-bridge suffix: the region mapped as for TaskRouter (prod→us1,
/// stage→stage-us1, dev→dev-us1), then `.region` unless it is us1.
pub fn event_bridge_suffix(region: Option<&str>) -> String {
    let region = match region.unwrap_or("") {
        "" | "prod" | "us1" => return String::new(),
        "stage" => "stage-us1",
        "dev" => "dev-us1",
        r => r,
    };
    format!(".{region}")
}

/// The voice signalling host's suffix (PROTOCOL.md §1.3 `P`): none without a
/// region, `.stage`/`.dev` for those, `.` + the part before a dash, else `-` + region.
pub fn chunderw_suffix(region: Option<&str>) -> String {
    match region.unwrap_or("") {
        "" => String::new(),
        r @ ("stage" | "dev") => format!(".{r}"),
        r => match r.split_once('-') {
            Some((head, _)) => format!(".{head}"),
            None => format!("-{r}"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flex_api_examples_from_the_spec() {
        assert_eq!(
            Hosts::twilio(None, None).flex_api,
            "https://flex-api.twilio.com"
        );
        assert_eq!(
            Hosts::twilio(Some("us1"), None).flex_api,
            "https://flex-api.twilio.com"
        );
        assert_eq!(
            Hosts::twilio(Some("ie1"), None).flex_api,
            "https://flex-api.ie1.twilio.com"
        );
        assert_eq!(
            Hosts::twilio(Some("ie1"), Some("dublin")).flex_api,
            "https://flex-api.dublin.ie1.twilio.com"
        );
        assert_eq!(
            Hosts::twilio(None, None).services,
            "https://services.twilio.com"
        );
        assert_eq!(
            Hosts::twilio(Some("ie1"), Some("dublin")).services,
            "https://services.ie1.twilio.com"
        );
        assert_eq!(
            Hosts::twilio(Some("ie1"), Some("dublin")).flex,
            "https://flex.dublin.ie1.twilio.com"
        );
    }

    #[test]
    fn voice_signalling_hosts_from_the_spec() {
        assert_eq!(
            Hosts::twilio(Some("us1"), None).voice_signal,
            "wss://chunderw-vpc-gll-us1.twilio.com/signal"
        );
        assert_eq!(
            Hosts::twilio(Some("stage-us1"), None).voice_signal,
            "wss://chunderw-vpc-gll.stage.twilio.com/signal"
        );
        assert_eq!(chunderw_suffix(None), "");
        assert_eq!(chunderw_suffix(Some("dev")), ".dev");
        assert_eq!(chunderw_suffix(Some("ie1")), "-ie1");
        assert_eq!(
            Hosts::overridden("http://127.0.0.1:9").unwrap().voice_signal,
            "ws://127.0.0.1:9/signal"
        );
    }

    #[test]
    fn regional_host_rules() {
        assert_eq!(regional_host(None), "");
        assert_eq!(regional_host(Some("")), "");
        assert_eq!(regional_host(Some("prod")), "");
        assert_eq!(regional_host(Some("us1")), "");
        assert_eq!(regional_host(Some("dev-us1")), ".dev");
        assert_eq!(regional_host(Some("stage-us1")), ".stage");
        assert_eq!(regional_host(Some("au1")), ".au1");
    }

    #[test]
    fn event_bridge_hosts() {
        let us = Hosts::twilio(None, None);
        assert_eq!(
            us.event_bridge_http,
            "https://event-bridge.twilio.com/v1/wschannels"
        );
        assert_eq!(
            us.event_bridge_ws,
            "wss://event-bridge.twilio.com/v1/wschannels"
        );
        assert_eq!(
            Hosts::twilio(Some("us1"), None).event_bridge_ws,
            "wss://event-bridge.twilio.com/v1/wschannels"
        );
        assert_eq!(
            Hosts::twilio(Some("ie1"), Some("dublin")).event_bridge_ws,
            "wss://event-bridge.ie1.twilio.com/v1/wschannels"
        );
        assert_eq!(event_bridge_suffix(Some("stage")), ".stage-us1");
    }

    #[test]
    fn override_maps_every_service() {
        let h = Hosts::overridden("http://127.0.0.1:8080/").unwrap();
        assert_eq!(h.flex_api, "http://127.0.0.1:8080");
        assert_eq!(h.event_bridge_http, "http://127.0.0.1:8080/v1/wschannels");
        assert_eq!(h.event_bridge_ws, "ws://127.0.0.1:8080/v1/wschannels");
        let s = Hosts::overridden("https://emu.example.com").unwrap();
        assert_eq!(s.event_bridge_ws, "wss://emu.example.com/v1/wschannels");
        assert!(Hosts::overridden("http://localhost:1").is_ok());
        assert!(Hosts::overridden("http://[::1]:1").is_ok());
    }

    #[test]
    fn override_rejects_plain_http_off_loopback_and_junk() {
        for bad in [
            "http://example.com",
            "http://10.0.0.1:80",
            "ftp://127.0.0.1",
            "not a url",
            "",
        ] {
            let e = Hosts::overridden(bad).unwrap_err();
            assert_eq!(e.code, crate::ErrorCode::InvalidParams, "{bad}");
        }
    }
}
