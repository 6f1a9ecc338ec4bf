//! Who the client is: the TCP peer, or, when the peer is a reverse proxy
//! named in `TRUSTED_PROXIES`, the address that proxy says it was talking
//! to. `X-Forwarded-For` (or the standard `Forwarded`) is read right to
//! left, only past addresses that are themselves trusted, so a client
//! cannot choose its own address by sending the header.

use std::net::IpAddr;

/// One entry of `TRUSTED_PROXIES`: an address or a network (CIDR).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProxyNet {
    network: IpAddr,
    prefix: u8,
}

impl ProxyNet {
    /// `10.0.0.1`, `10.0.0.0/8`, `::1` or `fd00::/8`.
    pub fn parse(text: &str) -> Option<Self> {
        let (address, prefix) = match text.trim().split_once('/') {
            Some((address, prefix)) => (address, Some(prefix.parse::<u8>().ok()?)),
            None => (text.trim(), None),
        };
        let network: IpAddr = address.parse().ok()?;
        let bits = if network.is_ipv4() { 32 } else { 128 };
        let prefix = prefix.unwrap_or(bits);
        (prefix <= bits).then_some(ProxyNet { network, prefix })
    }

    pub fn contains(&self, address: IpAddr) -> bool {
        let keep = |bits: u32, prefix: u8| -> u128 {
            if prefix == 0 {
                0
            } else {
                (!0u128 << (bits - u32::from(prefix))) & (!0u128 >> (128 - bits))
            }
        };
        match (self.network, canonical(address)) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = keep(32, self.prefix);
                u128::from(u32::from(net)) & mask == u128::from(u32::from(ip)) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = keep(128, self.prefix);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

/// An IPv4 address mapped into IPv6 (`::ffff:a.b.c.d`) as plain IPv4.
fn canonical(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
        v4 => v4,
    }
}

fn trusted(address: IpAddr, proxies: &[ProxyNet]) -> bool {
    proxies.iter().any(|p| p.contains(address))
}

/// One hop as a header names it: `203.0.113.7`, `"[2001:db8::1]:4711"`,
/// `203.0.113.7:4711`. `None` for anything else (`unknown`, `_hidden`).
fn hop_address(raw: &str) -> Option<IpAddr> {
    let raw = raw.trim().trim_matches('"');
    if let Ok(address) = raw.parse::<IpAddr>() {
        return Some(address);
    }
    if let Some(rest) = raw.strip_prefix('[') {
        return rest.split_once(']')?.0.parse().ok();
    }
    raw.rsplit_once(':')?
        .0
        .parse::<std::net::Ipv4Addr>()
        .ok()
        .map(IpAddr::V4)
}

/// The hops the proxies reported, nearest the client first: the `for=`
/// values of `Forwarded` if there are any, otherwise `X-Forwarded-For`.
fn reported_hops<'a>(forwarded: &[&'a str], x_forwarded_for: &[&'a str]) -> Vec<&'a str> {
    let from_forwarded: Vec<&str> = forwarded
        .iter()
        .flat_map(|header| header.split(','))
        .flat_map(|element| element.split(';'))
        .filter_map(|pair| {
            let (name, value) = pair.split_once('=')?;
            name.trim().eq_ignore_ascii_case("for").then_some(value)
        })
        .collect();
    if !from_forwarded.is_empty() {
        return from_forwarded;
    }
    x_forwarded_for
        .iter()
        .flat_map(|header| header.split(','))
        .collect()
}

/// The client's address: the peer unless the peer is a trusted proxy;
/// then the nearest reported hop that is not itself a trusted proxy
/// (walking from the right). A hop that is not an address stops the walk
/// at the proxy that reported it.
pub fn client_ip(
    peer: IpAddr,
    forwarded: &[&str],
    x_forwarded_for: &[&str],
    proxies: &[ProxyNet],
) -> IpAddr {
    let mut client = canonical(peer);
    if !trusted(client, proxies) {
        return client;
    }
    for hop in reported_hops(forwarded, x_forwarded_for).iter().rev() {
        let Some(address) = hop_address(hop) else {
            return client;
        };
        client = canonical(address);
        if !trusted(client, proxies) {
            return client;
        }
    }
    client
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    fn nets(list: &[&str]) -> Vec<ProxyNet> {
        list.iter().map(|n| ProxyNet::parse(n).unwrap()).collect()
    }

    #[test]
    fn networks_and_single_addresses_are_matched_by_prefix() {
        let ten = ProxyNet::parse("10.0.0.0/8").unwrap();
        assert!(ten.contains(ip("10.200.3.4")));
        assert!(!ten.contains(ip("11.0.0.1")));
        assert!(ten.contains(ip("::ffff:10.1.2.3")));
        let one = ProxyNet::parse("127.0.0.1").unwrap();
        assert!(one.contains(ip("127.0.0.1")) && !one.contains(ip("127.0.0.2")));
        let v6 = ProxyNet::parse("fd00::/8").unwrap();
        assert!(v6.contains(ip("fd12::1")) && !v6.contains(ip("fe80::1")));
        assert!(ProxyNet::parse("0.0.0.0/0")
            .unwrap()
            .contains(ip("8.8.8.8")));
        for bad in ["", "10.0.0.0/33", "example.org", "10.0.0/8", "::1/129"] {
            assert_eq!(ProxyNet::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn without_trusted_proxies_the_headers_are_ignored() {
        let peer = ip("198.51.100.1");
        assert_eq!(client_ip(peer, &[], &["203.0.113.9"], &[]), peer);
        let proxies = nets(&["10.0.0.0/8"]);
        assert_eq!(client_ip(peer, &[], &["203.0.113.9"], &proxies), peer);
    }

    #[test]
    fn behind_a_trusted_proxy_the_nearest_untrusted_hop_is_the_client() {
        let proxies = nets(&["10.0.0.0/8"]);
        let proxy = ip("10.0.0.5");
        // The client tried to claim 1.2.3.4; the proxy appended the truth.
        assert_eq!(
            client_ip(proxy, &[], &["1.2.3.4, 203.0.113.9"], &proxies),
            ip("203.0.113.9")
        );
        // Two proxies of ours in a row, header split over two lines.
        assert_eq!(
            client_ip(proxy, &[], &["1.2.3.4", "203.0.113.9, 10.0.0.7"], &proxies),
            ip("203.0.113.9")
        );
        // Forwarded wins over X-Forwarded-For, with quotes, ports, IPv6.
        assert_eq!(
            client_ip(
                proxy,
                &["for=1.2.3.4, for=\"[2001:db8::7]:4711\";proto=https"],
                &["9.9.9.9"],
                &proxies
            ),
            ip("2001:db8::7")
        );
        assert_eq!(
            client_ip(proxy, &["For=203.0.113.9:5000"], &[], &proxies),
            ip("203.0.113.9")
        );
        // Nothing usable: the proxy itself.
        assert_eq!(client_ip(proxy, &[], &["unknown"], &proxies), proxy);
        assert_eq!(client_ip(proxy, &[], &[], &proxies), proxy);
    }
}
