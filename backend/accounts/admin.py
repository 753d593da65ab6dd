from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "school", "is_active"]
    list_filter = ["role", "is_active"]
    autocomplete_fields = ["school"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        (_("BookBus"), {"fields": ["role", "school", "phone"]}),
    ]
    add_fieldsets = [
        *DjangoUserAdmin.add_fieldsets,
        (_("BookBus"), {"fields": ["role", "school", "phone"]}),
    ]
