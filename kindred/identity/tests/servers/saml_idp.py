"""A real SAML 2.0 identity provider for the tests: pysaml2's IdP (the
same library's server side), signing with a key made for the test run and
Debian's xmlsec1, served over HTTP on loopback for the browser test.

`SamlIdP.answer()` makes a signed response in-process, for the tests of
what Kindred must refuse (unsigned, another key, expired, replayed,
another audience)."""

from __future__ import annotations

import base64
import datetime as dt
import html
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from saml2 import BINDING_HTTP_REDIRECT
from saml2.config import IdPConfig
from saml2.metadata import create_metadata_string
from saml2.saml import NAMEID_FORMAT_PERSISTENT, NameID
from saml2.server import Server
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

from kindred.conftest import free_port

# Who the provider knows: login name -> attributes (as Keycloak sends them).
PEOPLE: dict[str, dict[str, list[str]]] = {
    "ada": {"mail": ["ada@corp.example"], "displayName": ["Ada Lovelace"],
            "groups": ["kindred-admins"]},
    "olu": {"mail": ["owner@test.example"], "displayName": ["Olu at Corp"]},
    "cy": {"mail": ["cy@elsewhere.example"], "displayName": ["Cy Elsewhere"]},
}  # fmt: skip


def make_key_and_certificate(folder: Path, name: str) -> tuple[Path, Path]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_path, cert_path = folder / f"{name}.key", folder / f"{name}.crt"
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return key_path, cert_path


@dataclass
class SamlIdP:
    base: str  # http://127.0.0.1:port
    folder: Path
    key: str = "idp"  # which key signs: make another to sign with a wrong one
    sp_metadata: str = ""
    lifetime_minutes: int = 15

    @property
    def entity_id(self) -> str:
        return f"{self.base}/idp"

    def config(self) -> IdPConfig:
        key_path, cert_path = self.folder / f"{self.key}.key", self.folder / f"{self.key}.crt"
        if not key_path.exists():
            make_key_and_certificate(self.folder, self.key)
        config = IdPConfig()
        config.load(
            {
                "entityid": self.entity_id,
                "xmlsec_binary": shutil.which("xmlsec1"),
                "key_file": str(key_path),
                "cert_file": str(cert_path),
                "metadata": {"inline": [self.sp_metadata]} if self.sp_metadata else {},
                "service": {
                    "idp": {
                        "endpoints": {
                            "single_sign_on_service": [(f"{self.base}/sso", BINDING_HTTP_REDIRECT)]
                        },
                        "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                        "policy": {
                            "default": {
                                "lifetime": {"minutes": self.lifetime_minutes},
                                "attribute_restrictions": None,
                            }
                        },
                    }
                },
            }
        )
        return config

    def metadata(self) -> str:
        xml = create_metadata_string(None, config=self.config(), valid=None)
        return xml.decode() if isinstance(xml, bytes) else str(xml)

    def answer(
        self,
        login: str,
        *,
        acs: str,
        audience: str,
        in_response_to: str | None = None,
        sign: bool = True,
    ) -> str:
        """A base64 SAMLResponse about `login`, as the browser posts it."""
        server = Server(config=self.config())
        response = server.create_authn_response(
            identity=PEOPLE[login],
            in_response_to=in_response_to,
            destination=acs,
            sp_entity_id=audience,
            name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=f"corp-{login}"),
            authn={"class_ref": "urn:oasis:names:tc:SAML:2.0:ac:classes:Password"},
            sign_assertion=sign,
            sign_response=False,
            sign_alg=SIG_RSA_SHA256,
            digest_alg=DIGEST_SHA256,
        )
        return base64.b64encode(str(response).encode()).decode()

    # --- the provider's pages, for a browser ------------------------------------

    def app(self, environ: dict[str, Any], respond: Any) -> list[bytes]:
        path, method = environ["PATH_INFO"], environ["REQUEST_METHOD"]
        if path == "/sso" and method == "GET":
            return self._login_page(environ, respond)
        if path == "/login" and method == "POST":
            return self._post_back(environ, respond)
        if path == "/metadata":
            respond("200 OK", [("Content-Type", "application/samlmetadata+xml")])
            return [self.metadata().encode()]
        respond("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]

    def _login_page(self, environ: dict[str, Any], respond: Any) -> list[bytes]:
        query = parse_qs(environ["QUERY_STRING"])
        request = Server(config=self.config()).parse_authn_request(
            query["SAMLRequest"][0], BINDING_HTTP_REDIRECT
        )
        fields = {
            "request_id": request.message.id,
            "acs": request.message.assertion_consumer_service_url,
            "audience": request.message.issuer.text,
            "relay": query.get("RelayState", [""])[0],
        }
        hidden = "".join(
            f'<input type="hidden" name="{k}" value="{html.escape(v)}">' for k, v in fields.items()
        )
        page = (
            "<!doctype html><title>Corp IdP</title><h1>Corp sign-in</h1>"
            f'<form method="post" action="/login">{hidden}'
            '<label>Username <input name="username"></label>'
            '<label>Password <input name="password" type="password"></label>'
            "<button>Sign in</button></form>"
        )
        respond("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        return [page.encode()]

    def _post_back(self, environ: dict[str, Any], respond: Any) -> list[bytes]:
        size = int(environ.get("CONTENT_LENGTH") or 0)
        form = {
            k: v[0]
            for k, v in parse_qs(
                environ["wsgi.input"].read(size).decode(), keep_blank_values=True
            ).items()
        }
        answer = self.answer(
            form["username"],
            acs=form["acs"],
            audience=form["audience"],
            in_response_to=form["request_id"],
        )
        # The HTTP-POST binding: the browser carries the answer to Kindred.
        page = (
            "<!doctype html><title>Corp IdP</title>"
            f'<form method="post" action="{html.escape(form["acs"])}">'
            f'<input type="hidden" name="SAMLResponse" value="{answer}">'
            f'<input type="hidden" name="RelayState" value="{html.escape(form["relay"])}">'
            "<button>Continue to Kindred</button></form>"
        )
        respond("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        return [page.encode()]


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


@contextmanager
def saml_idp(folder: Path) -> Iterator[SamlIdP]:
    """The IdP's pages on a free loopback port, until the block ends."""
    port = free_port()
    idp = SamlIdP(f"http://127.0.0.1:{port}", folder)
    server: WSGIServer = make_server("127.0.0.1", port, idp.app, handler_class=_Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield idp
    finally:
        server.shutdown()
        server.server_close()
