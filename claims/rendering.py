from django.forms.renderers import TemplatesSetting


class DeskFormRenderer(TemplatesSetting):
    """Each field in one wrapper: label, control, help, errors (templates/partials/field.html)."""

    field_template_name = "partials/field.html"
