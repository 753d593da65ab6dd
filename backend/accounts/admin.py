from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from backend.core.names import user_name

from .models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "full_name", "role", "school", "is_active"]
    list_filter = ["role", "is_active"]
    autocomplete_fields = ["school"]
    readonly_fields = ["is_staff"]  # follows the role (User.save)
    # Vietnamese order: family, middle, given (Django's "last name" is the family name, "first name" the given).
    fieldsets = [
        DjangoUserAdmin.fieldsets[0],
        (_("Personal info"), {"fields": ["last_name", "middle_name", "first_name", "email"]}),
        *DjangoUserAdmin.fieldsets[2:],
        (_("BookBus"), {"fields": ["role", "school", "phone"]}),
    ]

    @admin.display(description=_("full name"), ordering="first_name")
    def full_name(self, user):
        return user_name(user)

    add_fieldsets = [
        *DjangoUserAdmin.add_fieldsets,
        (_("BookBus"), {"fields": ["role", "school", "phone"]}),
    ]
