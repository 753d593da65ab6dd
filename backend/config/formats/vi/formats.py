"""Vietnamese number formats: Django's, plus grouping by thousands (1.234,5), which Django's own leaves out, so that
``intcomma`` writes 3.099 rather than 3099."""

from django.conf.locale.vi.formats import *  # noqa: F403

NUMBER_GROUPING = 3
