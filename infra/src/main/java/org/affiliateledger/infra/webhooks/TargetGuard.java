package org.affiliateledger.infra.webhooks;

import org.affiliateledger.events.common.InvalidRequestException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * The SSRF guard: webhook URLs must not reach loopback, private (RFC 1918), link-local (incl. cloud metadata at
 * 169.254.169.254), CGNAT (100.64/10), unique-local (fc00::/7), unspecified or multicast addresses. Checked when an
 * endpoint is registered or changed, and again at connect time through {@link #dnsResolver()} — the addresses the HTTP
 * client actually connects to — so a name that later resolves somewhere private is refused too (DNS rebinding).
 * {@code allowPrivate} (LEDGER_WEBHOOKS_ALLOW_PRIVATE_TARGETS) turns the guard off for local development and tests.
 */
public final class TargetGuard {
    private final boolean allowPrivate;

    public TargetGuard(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    /** @throws InvalidRequestException for a URL that is not absolute http(s), or whose host is or resolves to a refused address */
    public URI validate(String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new InvalidRequestException("url is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null || uri.getRawUserInfo() != null) {
            throw new InvalidRequestException("url must be an absolute http:// or https:// URL without credentials");
        }
        if (uri.getRawFragment() != null) {
            throw new InvalidRequestException("url must not have a #fragment");
        }
        if (allowPrivate) {
            return uri;
        }
        String host = uri.getHost();
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException unresolvable) {
            // accepted: it may resolve later, and the connect-time check still applies then
            return uri;
        }
        for (InetAddress address : addresses) {
            if (refused(address)) {
                throw new InvalidRequestException("url resolves to " + address.getHostAddress()
                        + ", a loopback, private, link-local, CGNAT or unique-local address; webhooks go to public addresses only");
            }
        }
        return uri;
    }

    /** Resolves as the system does, then refuses the whole name if any of its addresses is refused. */
    public DnsResolver dnsResolver() {
        return new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                InetAddress[] addresses = SystemDefaultDnsResolver.INSTANCE.resolve(host);
                if (!allowPrivate) {
                    for (InetAddress address : addresses) {
                        if (refused(address)) {
                            throw new UnknownHostException(host + " resolves to " + address.getHostAddress()
                                    + ", a non-public address: refused (SSRF guard)");
                        }
                    }
                }
                return addresses;
            }

            @Override
            public String resolveCanonicalHostname(String host) throws UnknownHostException {
                return SystemDefaultDnsResolver.INSTANCE.resolveCanonicalHostname(host);
            }
        };
    }

    static boolean refused(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0                                   // 0.0.0.0/8 "this network"
                    || first == 100 && (second & 0xc0) == 64      // 100.64.0.0/10 CGNAT
                    || first == 192 && second == 0 && (b[2] & 0xff) == 0  // 192.0.0.0/24 IETF protocol assignments
                    || first >= 240;                              // reserved and broadcast
        }
        if (address instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {                          // fc00::/7 unique-local
                return true;
            }
            boolean mapped = true;                                // ::ffff:a.b.c.d and ::a.b.c.d embed an IPv4 address
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && (b[10] == 0 && b[11] == 0 || (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff)) {
                try {
                    return refused(InetAddress.getByAddress(new byte[]{b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException impossible) {
                    return true;
                }
            }
            return (b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && b[2] == 0x0d && (b[3] & 0xff) == 0xb8; // 2001:db8::/32
        }
        return true;
    }
}
