"""Accounts: who am I, signing in for API clients, and user management for coordinators."""

from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from backend.accounts import selectors, services
from backend.accounts.models import Role, User
from backend.http.permissions import IsCoordinator
from backend.http.throttles import SignInRateThrottle

from .network import NetworkViewSet


class UserSerializer(serializers.ModelSerializer):
    password = serializers.CharField(write_only=True, required=False, style={"input_type": "password"})
    vehicles = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    full_name = serializers.CharField(source="get_full_name", read_only=True, help_text="Family, middle, given.")

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "first_name",
            "middle_name",
            "last_name",
            "full_name",
            "email",
            "phone",
            "role",
            "school",
            "vehicles",
            "is_active",
            "last_login",
            "password",
        ]
        read_only_fields = ["is_active", "last_login"]

    def validate_password(self, value):
        validate_password(value)
        return value

    def validate_role(self, value):
        actor = self.context["request"].user
        if value == Role.ADMIN and not (actor.is_superuser or actor.role == Role.ADMIN):
            raise serializers.ValidationError(_("Only an administrator can make an administrator."))
        return value


class MeApi(APIView):
    """The signed-in user: role, school and vehicles, so a client knows what to show."""

    @extend_schema(responses=UserSerializer)
    def get(self, request):
        return Response(UserSerializer(request.user, context={"request": request}).data)


class TokenObtainApi(ObtainAuthToken):
    """Exchange a username and password for an API token (header ``Authorization: Token …``)."""

    throttle_classes = [SignInRateThrottle]
    # ObtainAuthToken names DRF's parsers itself; ours bound the body's size and nesting (4 KB of brackets: a 400).
    parser_classes = api_settings.DEFAULT_PARSER_CLASSES


class UserViewSet(NetworkViewSet):
    """User accounts, for coordinators: drivers-librarians, school contacts and other coordinators."""

    serializer_class = UserSerializer
    queryset = User.objects.none()
    permission_classes = [IsCoordinator]
    selector = staticmethod(selectors.user_list_for)
    filterset_fields = {"role": ["exact"], "school": ["exact"], "is_active": ["exact"]}
    ordering_fields = ["username", "last_login"]

    def create_object(self, data):
        return services.user_create(**data)

    def update_object(self, user, data):
        return services.user_update(user=user, data=data, by=self.request.user)

    def set_active(self, user, active):
        return services.user_set_active(user=user, active=active, by=self.request.user)
