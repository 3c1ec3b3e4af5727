"""The Companies page: the organization's trading partners, searched and renamed."""
from sqlalchemy import or_, select

from webapp import audit
from webapp.extensions import db
from webapp.models import Company, CompanyLicense, Organization, User
from webapp.validation import FieldError


def search(organization: Organization, query: str = ""):
    """The select of companies matching a name, vendor UBI or license number."""
    statement = select(Company).where(Company.organization_id == organization.id)
    query = query.strip()
    if query:
        like = f"%{query.replace('%', '').replace('_', '')}%"
        statement = statement.where(or_(
            Company.name.ilike(like), Company.vendor_name.ilike(like),
            Company.vendor_ubi.ilike(like),
            Company.licenses.any(CompanyLicense.license.ilike(like)),
            Company.licenses.any(CompanyLicense.name.ilike(like))))
    return statement.order_by(Company.name, Company.id)


def rename(company: Company, actor: User, name: str) -> bool:
    """Give the company a name of the user's; later refreshes keep it. Returns if it changed."""
    name = name.strip()
    if not name:
        raise FieldError("name", "Give the company a name.")
    if name == company.name:
        return False
    before = company.name
    company.name = name
    company.user_edited = name != company.source_name
    audit.record("company.renamed", actor=actor, organization_id=company.organization_id,
                 target=company, summary=f"Company “{before}” renamed to “{name}”",
                 details={"before": before, "after": name, "biotrack_name": company.source_name})
    db.session.commit()
    return True


def use_biotrack_name(company: Company, actor: User) -> None:
    """Go back to the name BioTrack gives; refreshes update it again."""
    before = company.name
    company.name, company.user_edited = company.source_name, False
    audit.record("company.renamed", actor=actor, organization_id=company.organization_id,
                 target=company, summary=f"Company “{before}” back to BioTrack's name "
                                         f"“{company.name}”",
                 details={"before": before, "after": company.name, "user_edited": False})
    db.session.commit()
