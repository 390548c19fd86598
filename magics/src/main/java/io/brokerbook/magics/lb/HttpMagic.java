package io.brokerbook.magics.lb;

import io.brokerbook.cluster.lb.HttpReply;
import io.brokerbook.magics.ArgSpec;
import io.brokerbook.magics.LineMagic;
import io.brokerbook.magics.MagicContext;
import io.brokerbook.magics.MagicException;
import io.brokerbook.magics.ParsedArgs;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code %http [METHOD] URL [-H 'K: V']… [-d BODY]}: a curl-like request to a loopback URL; prints status, headers, body. */
final class HttpMagic implements LineMagic {
    static final ArgSpec SPEC = ArgSpec.named("http",
            "Send one HTTP request to a loopback URL, like curl -i: status line, headers, body.")
        .positional("[METHOD] URL", "GET (default), POST, PUT, DELETE, HEAD…; URL like http://127.0.0.1:8000/, "
            + "or just a path like / to go through the lab's load balancer, whatever port it took")
        .repeatable("-H", "'NAME: VALUE'", "a request header, e.g. -H 'Host: whoami.localhost'")
        .option("-d", "BODY", "a request body (makes the default method POST, as in curl)")
        .alias("--header", "-H")
        .alias("--data", "-d");
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE", "HEAD", "PATCH", "OPTIONS");

    private final LoadBalancerApi lb;

    HttpMagic(LoadBalancerApi lb) {
        this.lb = lb;
    }

    @Override
    public void run(List<String> argv, MagicContext ctx) {
        ParsedArgs args = SPEC.parse(argv);
        List<String> pos = args.positionals();
        if (pos.isEmpty() || pos.size() > 2) {
            throw new MagicException("http: usage: %http [METHOD] URL [-H 'NAME: VALUE'] [-d BODY]");
        }
        String body = args.value("-d").orElse(null);
        String method = pos.size() == 2 ? pos.get(0).toUpperCase(Locale.ROOT) : body == null ? "GET" : "POST";
        if (!METHODS.contains(method)) {
            throw new MagicException("http: unknown method '" + pos.get(0) + "' (use one of GET, POST, PUT, DELETE, HEAD, PATCH, OPTIONS).");
        }
        String target = pos.get(pos.size() - 1);
        URI url = target.startsWith("/") ? url(lb.url() + target) : url(target);
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (String h : args.values("-H")) {
            int colon = h.indexOf(':');
            if (colon <= 0) {
                throw new MagicException("http: -H expects 'NAME: VALUE', got '" + h + "'.");
            }
            headers.add(Map.entry(h.substring(0, colon).trim(), h.substring(colon + 1).trim()));
        }
        if (body != null && headers.stream().noneMatch(e -> e.getKey().equalsIgnoreCase("Content-Type"))) {
            headers.add(Map.entry("Content-Type", "application/x-www-form-urlencoded"));
        }
        HttpReply reply = lb.send(method, url, headers, body);
        ctx.out().print(reply.toText());
        if (!reply.bodyText().endsWith("\n") && reply.body().length > 0) {
            ctx.out().println();
        }
    }

    private static URI url(String text) {
        String t = text.contains("://") ? text : "http://" + text;
        try {
            URI u = new URI(t);
            if (u.getHost() == null) {
                throw new URISyntaxException(text, "no host");
            }
            return u;
        } catch (URISyntaxException e) {
            throw new MagicException("http: '" + text + "' is not a URL; write e.g. http://127.0.0.1:8000/");
        }
    }
}
