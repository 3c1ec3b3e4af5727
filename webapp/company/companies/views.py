"""Settings > Companies: list, search, rename."""
from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from webapp.company.companies import services as companies
from webapp.company.blueprint import bp
from webapp.company.forms import CompanyForm
from webapp.company.runs import COMPANIES, last_run
from webapp.company.settings import settings_of
from webapp.extensions import db
from webapp.htmx import render
from webapp.models import Company
from webapp.security import permission_required
from webapp.validation import FieldError, positive_int, scoped_get, show_field_error

PERMISSION = "manage_company_settings"
PAGE_SIZE = 50


@bp.route("/companies")
@permission_required(PERMISSION)
def companies_list():
    """The trading partners created from BioTrack vendors, with their licenses, searchable."""
    organization = current_user.organization
    query = request.args.get("q", "")
    page = max(request.args.get("page", 1, type=positive_int), 1)
    rows = db.paginate(companies.search(organization, query), page=page, per_page=PAGE_SIZE,
                       error_out=False)
    return render("company/companies.html", "company/_companies_table.html", rows=rows,
                  query=query, settings=settings_of(organization),
                  last_run=last_run(organization, COMPANIES))


@bp.route("/companies/<company_id>", methods=["GET", "POST"])
@permission_required(PERMISSION)
def edit_company(company_id):
    """Rename a company (refreshes then keep the name), or go back to BioTrack's name."""
    company = scoped_get(Company, company_id, current_user.organization_id)
    form = CompanyForm(obj=company)
    if form.is_submitted() and request.form.get("action") == "use_biotrack_name":
        if form.validate_on_submit():
            companies.use_biotrack_name(company, current_user)
            flash(f"“{company.name}” now follows BioTrack's name again.", "success")
            return redirect(url_for("company.companies_list"))
    elif form.validate_on_submit():
        try:
            companies.rename(company, current_user, form.name.data)
        except FieldError as error:
            show_field_error(form, error)
        else:
            flash(f"Company “{company.name}” saved.", "success")
            return redirect(url_for("company.companies_list"))
    return render_template("company/company_form.html", form=form, company=company)
