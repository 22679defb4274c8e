//! Which network addresses a bot's gateway may have. A tenant types the address, and the
//! server connects to it: without this check the server would reach its own loopback
//! services, the machine's private network or a cloud's metadata endpoint on a tenant's
//! behalf. Only public unicast addresses are allowed unless the operator allows private ones
//! (a single-machine install, the tests).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Why an address is not public.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotPublic {
    Loopback,
    Private,
    LinkLocal,
    SharedAddressSpace,
    Multicast,
    Unspecified,
    Reserved,
}

impl NotPublic {
    /// Words for the log and the operator.
    pub fn describe(self) -> &'static str {
        match self {
            NotPublic::Loopback => "a loopback address",
            NotPublic::Private => "a private network address",
            NotPublic::LinkLocal => "a link-local address",
            NotPublic::SharedAddressSpace => "a carrier-grade NAT address",
            NotPublic::Multicast => "a multicast or broadcast address",
            NotPublic::Unspecified => "an unspecified address",
            NotPublic::Reserved => "a reserved address",
        }
    }
}

fn classify_v4(ip: Ipv4Addr) -> Result<(), NotPublic> {
    let [a, b, c, _] = ip.octets();
    match (a, b, c) {
        (0, _, _) => Err(NotPublic::Unspecified),
        (127, _, _) => Err(NotPublic::Loopback),
        (10, _, _) | (172, 16..=31, _) | (192, 168, _) => Err(NotPublic::Private),
        (169, 254, _) => Err(NotPublic::LinkLocal),
        (100, 64..=127, _) => Err(NotPublic::SharedAddressSpace),
        (224..=239, _, _) | (255, 255, 255) => Err(NotPublic::Multicast),
        // Protocol assignments, documentation, benchmarking, and the old class E.
        (192, 0, 0) | (192, 0, 2) | (198, 51, 100) | (203, 0, 113) | (198, 18..=19, _) => {
            Err(NotPublic::Reserved)
        }
        (240..=255, _, _) => Err(NotPublic::Reserved),
        _ => Ok(()),
    }
}

fn classify_v6(ip: Ipv6Addr) -> Result<(), NotPublic> {
    if ip.is_unspecified() {
        return Err(NotPublic::Unspecified);
    }
    if ip.is_loopback() {
        return Err(NotPublic::Loopback);
    }
    let s = ip.segments();
    // Addresses that carry an IPv4 address are judged by it: mapped (::ffff:a.b.c.d),
    // compatible (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d) and 6to4 (2002:aabb:ccdd::).
    let embedded =
        |hi: u16, lo: u16| Ipv4Addr::new((hi >> 8) as u8, hi as u8, (lo >> 8) as u8, lo as u8);
    if s[..5] == [0, 0, 0, 0, 0] && (s[5] == 0xffff || s[5] == 0) {
        return classify_v4(embedded(s[6], s[7]));
    }
    if s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        return classify_v4(embedded(s[6], s[7]));
    }
    if s[0] == 0x2002 {
        return classify_v4(embedded(s[1], s[2]));
    }
    match s[0] {
        0xfc00..=0xfdff => Err(NotPublic::Private),
        0xfec0..=0xfeff => Err(NotPublic::Private),
        0xfe80..=0xfebf => Err(NotPublic::LinkLocal),
        0xff00..=0xffff => Err(NotPublic::Multicast),
        // Documentation, and Teredo (whose IPv4 end cannot be checked).
        0x2001 if s[1] == 0x0db8 || s[1] == 0 => Err(NotPublic::Reserved),
        _ => Ok(()),
    }
}

/// Whether `ip` is a public unicast address, and if not, what it is.
pub fn classify(ip: IpAddr) -> Result<(), NotPublic> {
    match ip {
        IpAddr::V4(v4) => classify_v4(v4),
        IpAddr::V6(v6) => classify_v6(v6),
    }
}

/// Whether the server may connect to `ip` for a bot.
pub fn allowed(ip: IpAddr, allow_private: bool) -> Result<(), NotPublic> {
    if allow_private {
        Ok(())
    } else {
        classify(ip)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(s: &str) -> Result<(), NotPublic> {
        classify(s.parse().expect("address"))
    }

    #[test]
    fn public_addresses_pass() {
        for ok in [
            "8.8.8.8",
            "1.1.1.1",
            "172.32.0.1",
            "100.128.0.1",
            "2606:4700::1111",
            "2a00:1450::1",
        ] {
            assert_eq!(class(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn every_non_public_range_is_refused_with_its_kind() {
        use NotPublic::*;
        let cases = [
            ("127.0.0.1", Loopback),
            ("127.255.255.254", Loopback),
            ("::1", Loopback),
            ("10.0.0.5", Private),
            ("172.16.0.1", Private),
            ("172.31.255.255", Private),
            ("192.168.1.1", Private),
            ("fd12:3456::1", Private),
            ("fc00::1", Private),
            ("169.254.169.254", LinkLocal),
            ("fe80::1", LinkLocal),
            ("100.64.0.1", SharedAddressSpace),
            ("100.127.255.255", SharedAddressSpace),
            ("224.0.0.1", Multicast),
            ("239.255.255.250", Multicast),
            ("255.255.255.255", Multicast),
            ("ff02::1", Multicast),
            ("0.0.0.0", Unspecified),
            ("0.1.2.3", Unspecified),
            ("::", Unspecified),
            ("192.0.2.1", Reserved),
            ("198.18.0.1", Reserved),
            ("240.0.0.1", Reserved),
            ("2001:db8::1", Reserved),
            ("2001:0:4136:e378::1", Reserved),
        ];
        for (ip, kind) in cases {
            assert_eq!(class(ip), Err(kind), "{ip}");
        }
    }

    #[test]
    fn ipv6_forms_of_ipv4_addresses_are_judged_by_the_ipv4_address() {
        assert_eq!(class("::ffff:127.0.0.1"), Err(NotPublic::Loopback));
        assert_eq!(class("::ffff:169.254.169.254"), Err(NotPublic::LinkLocal));
        assert_eq!(class("::ffff:10.1.2.3"), Err(NotPublic::Private));
        assert_eq!(class("::10.1.2.3"), Err(NotPublic::Private));
        assert_eq!(class("64:ff9b::a9fe:a9fe"), Err(NotPublic::LinkLocal));
        assert_eq!(class("2002:c0a8:0101::1"), Err(NotPublic::Private));
        assert_eq!(class("::ffff:8.8.8.8"), Ok(()));
        assert_eq!(class("2002:0808:0808::1"), Ok(()));
    }

    #[test]
    fn the_operator_may_allow_private_addresses() {
        let lo: IpAddr = "127.0.0.1".parse().expect("ip");
        assert_eq!(allowed(lo, false), Err(NotPublic::Loopback));
        assert_eq!(allowed(lo, true), Ok(()));
    }
}
