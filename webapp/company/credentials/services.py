"""Step 2: the company's BioTrack API credentials, verified at BioTrack before they are kept."""
from dataclasses import dataclass

from sqlalchemy import func, select

from webapp import audit
from webapp.biotrack import BioTrackError, Credentials, InvalidCredentials, Unavailable
from webapp.biotrack.app import get_client
from webapp.biotrack_messages import UNREACHABLE, sign_in_refused
from webapp.extensions import db
from webapp.config_page.integration.authorizations import credentials_of, usable_authorization
from webapp.models import CompanyCredential, ListedLicense, Location, Organization, User, utcnow
from webapp.models.company import INVALID, VALID
from webapp.validation import FieldError


@dataclass(frozen=True)
class ReadingCredentials:
    """Credentials to read the state's data with, and where they come from."""

    credentials: Credentials
    source: str
    credential_id: int | None = None


def credentials_list(organization: Organization) -> list[CompanyCredential]:
    """The organization's company credentials, oldest first."""
    return list(db.session.scalars(select(CompanyCredential).where(
        CompanyCredential.organization_id == organization.id).order_by(CompanyCredential.id)))


def first_valid_credential(organization: Organization) -> CompanyCredential | None:
    """The first valid company credential for the organization's current UBI."""
    return db.session.scalar(select(CompanyCredential).where(
        CompanyCredential.organization_id == organization.id,
        CompanyCredential.ubi == organization.biotrack_ubi,
        CompanyCredential.status == VALID).order_by(CompanyCredential.id).limit(1))


def company_default_credentials(organization: Organization,
                                license: str | None = None) -> Credentials | None:
    """The organization-level default BioTrack credentials (first valid ones), or None.

    license: sign in for that license instead of the one the credentials were verified with.
    """
    row = first_valid_credential(organization) if organization.biotrack_ubi else None
    if row is None:
        return None
    return Credentials(ubi=row.ubi, license=license or row.license, username=row.username,
                       password=row.password)


def reading_credentials(organization: Organization) -> ReadingCredentials | None:
    """Who to read vendors with: the company credentials, else a connected store's defaults."""
    row = first_valid_credential(organization) if organization.biotrack_ubi else None
    if row is not None:
        return ReadingCredentials(company_default_credentials(organization),
                                  f"company credentials “{row.description}”", row.id)
    for location in organization.locations:
        auth = usable_authorization(location) if location.active else None
        if auth is not None and auth.ubi == organization.biotrack_ubi:
            return ReadingCredentials(credentials_of(auth),
                                      f"the BioTrack credentials of store “{location.name}”")
    return None


def candidate_licenses(organization: Organization) -> list[str]:
    """Licenses to try signing in with: the stores', then the UBI's listed active ones."""
    stores = db.session.scalars(select(Location.biotrack_license).where(
        Location.organization_id == organization.id, Location.active.is_(True),
        Location.biotrack_license.is_not(None)).order_by(Location.name))
    listed = db.session.scalars(select(ListedLicense.license).where(
        ListedLicense.organization_id == organization.id,
        ListedLicense.ubi == organization.biotrack_ubi, ListedLicense.listed.is_(True),
        ListedLicense.status == "active").order_by(ListedLicense.license))
    return list(dict.fromkeys([*stores, *listed]))


def verify(organization: Organization, username: str, password: str,
           licenses: list[str], *, chosen: bool) -> str:
    """Sign in at BioTrack; returns the license that worked, or raises FieldError."""
    if not licenses:
        raise FieldError("sign_in_license", "Enter the BioTrack license to sign in with: no "
                                            "store of this organization has a BioTrack "
                                            "license yet.")
    refused = []
    for license in licenses:
        creds = Credentials(ubi=organization.biotrack_ubi, license=license, username=username,
                            password=password)
        try:
            get_client().whoami(creds, fresh=True)
            return license
        except InvalidCredentials as exc:
            if exc.field == "license" and not chosen:
                refused.append(license)
                continue
            if exc.field == "ubi":
                raise FieldError("form", f"BioTrack refused this sign-in: {exc.message} Check "
                                         "the UBI in step 1.") from None
            raise sign_in_refused(exc, license_field="sign_in_license") from None
        except Unavailable as exc:
            raise FieldError("form", UNREACHABLE.format(exc.message)) from None
        except BioTrackError as exc:
            raise FieldError("form", f"BioTrack answered: {exc.message}") from None
    raise FieldError("sign_in_license", f"This account cannot sign in with your stores' "
                                        f"BioTrack licenses ({', '.join(refused)}). Enter a "
                                        f"license of UBI {organization.biotrack_ubi} it can "
                                        "access.")


def _check_username(organization, username, credential=None) -> str:
    """One entry per BioTrack user."""
    clash = db.session.scalar(select(CompanyCredential).where(
        CompanyCredential.organization_id == organization.id,
        func.lower(CompanyCredential.username) == username.lower()))
    if clash is not None and clash is not credential:
        raise FieldError("username", "Credentials for this BioTrack user are already listed; "
                                     "use Update to change them.")
    return username


def add_credential(organization: Organization, actor: User, *, description: str,
                   username: str, password: str, license: str | None) -> CompanyCredential:
    """Verify the credentials at BioTrack, then keep them (encrypted)."""
    if not organization.biotrack_ubi:
        raise FieldError("form", "Set the BioTrack UBI (step 1) first.")
    username = _check_username(organization, username.strip())
    used = verify(organization, username, password,
                  [license] if license else candidate_licenses(organization), chosen=bool(license))
    row = CompanyCredential(organization_id=organization.id, description=description.strip(),
                            ubi=organization.biotrack_ubi, username=username, password=password,
                            license=used, status=VALID, last_verified_at=utcnow(),
                            created_by_id=actor.id)
    db.session.add(row)
    db.session.flush()
    audit.record("company.credential_added", actor=actor, organization_id=organization.id,
                 target=row, summary=f"Company BioTrack API credentials “{row.description}” "
                                     f"added", details={"license": used},
                 biotrack_username=username)
    db.session.commit()
    return row


def update_credential(row: CompanyCredential, organization: Organization, actor: User, *,
                      description: str, username: str, password: str | None,
                      license: str | None) -> CompanyCredential:
    """Verify the changed credentials at BioTrack, then save them; refused → nothing changes."""
    username = _check_username(organization, username.strip(), row)
    unchanged = (username == row.username and not password and license in (None, row.license))
    candidates = [license] if license else list(dict.fromkeys(
        [row.license, *candidate_licenses(organization)]))
    try:
        used = verify(organization, username, password or row.password, candidates,
                      chosen=bool(license))
    except FieldError as error:
        if unchanged and error.field != "form":
            # The stored credentials themselves were refused: say so in the list.
            mark_invalid(row, error.message)
            db.session.commit()
        raise
    row.description, row.username, row.license = description.strip(), username, used
    if password:
        row.password = password
    row.ubi, row.status, row.status_reason = organization.biotrack_ubi, VALID, None
    row.last_verified_at = utcnow()
    audit.record("company.credential_updated", actor=actor, organization_id=organization.id,
                 target=row, summary=f"Company BioTrack API credentials “{row.description}” "
                                     f"updated and verified",
                 details={"license": used, "password_changed": bool(password)},
                 biotrack_username=username)
    db.session.commit()
    return row


def remove_credential(row: CompanyCredential, actor: User) -> None:
    """Forget the credentials."""
    audit.record("company.credential_removed", actor=actor, organization_id=row.organization_id,
                 target=row, summary=f"Company BioTrack API credentials “{row.description}” "
                                     f"removed", biotrack_username=row.username)
    db.session.delete(row)
    db.session.commit()


def mark_invalid(row: CompanyCredential, reason: str) -> None:
    """Record that BioTrack refused the stored credentials (the caller commits)."""
    row.status, row.status_reason = INVALID, reason[:300]
    audit.record("company.credential_invalid", organization_id=row.organization_id, target=row,
                 summary=f"BioTrack refused the company credentials “{row.description}”",
                 details={"reason": reason[:300]}, biotrack_username=row.username)
