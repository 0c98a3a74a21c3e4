package io.outboxfleet.workers.http;

import io.outboxfleet.workers.effect.EffectFailure;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.apache.hc.client5.http.DnsResolver;

/**
 * The connection manager's DNS: each new connection asks the {@link AsyncHttp.Resolver} once and is
 * opened to one of the addresses it returned, in order. HttpClient lets only an {@link
 * UnknownHostException} through from here, so a refusal travels inside one ({@link Refused}) and
 * {@link AsyncHttp} takes the {@link EffectFailure} out again.
 */
final class ResolveOnce implements DnsResolver {

    private final AsyncHttp.Resolver resolver;

    ResolveOnce(AsyncHttp.Resolver resolver) {
        this.resolver = resolver;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (EffectFailure failure) {
            throw new Refused(host, failure);
        } catch (RuntimeException e) {
            UnknownHostException unresolved = new UnknownHostException(host + ": " + e);
            unresolved.initCause(e);
            throw unresolved;
        }
        if (addresses == null || addresses.isEmpty()) {
            throw new UnknownHostException(host + ": no address");
        }
        return addresses.toArray(InetAddress[]::new);
    }

    /** Used only for proxies and Kerberos, neither of which the fleet uses: the name as it is. */
    @Override
    public String resolveCanonicalHostname(String host) {
        return host;
    }

    /** The resolver refused the host: the call fails with {@link #failure()}. */
    static final class Refused extends UnknownHostException {
        private final transient EffectFailure failure;

        Refused(String host, EffectFailure failure) {
            super(host + ": " + failure.getMessage());
            this.failure = failure;
        }

        EffectFailure failure() {
            return failure;
        }
    }
}
