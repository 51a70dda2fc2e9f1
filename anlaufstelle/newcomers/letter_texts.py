"""The shipped wording of the family letters: kind -> language -> (subject, body).

Plain words, short sentences (the families read them in a language they are learning, or
have them read out). Placeholders in braces are filled per child; a centre overrides any text
on its "Letters" page. Languages without an entry here get the German letter only, with a
line saying so.
"""

from __future__ import annotations

DEFAULT_TEXTS: dict[str, dict[str, tuple[str, str]]] = {
    "invitation": {
        "de": (
            "Einladung zum Beratungsgespräch",
            "Guten Tag,\n\n"
            "wir laden Sie zu einem Gespräch über die Schule für {child} ein.\n\n"
            "Wann: {date} um {time} Uhr\n"
            "Wo: {place}\n\n"
            "Bitte bringen Sie mit: Ausweis oder Aufenthaltspapier, Meldebescheinigung und, wenn vorhanden, "
            "Zeugnisse aus der bisherigen Schule.\n\n"
            "Wenn Sie nicht kommen können, rufen Sie uns bitte an: {centre_phone}.\n\n"
            "Mit freundlichen Grüßen\n{centre}",
        ),
        "en": (
            "Invitation to a counselling appointment",
            "Hello,\n\n"
            "we invite you to a meeting about school for {child}.\n\n"
            "When: {date} at {time}\n"
            "Where: {place}\n\n"
            "Please bring: passport or residence document, registration certificate and, if you have them, "
            "school reports from the previous school.\n\n"
            "If you cannot come, please call us: {centre_phone}.\n\n"
            "Kind regards\n{centre}",
        ),
        "ar": (
            "دعوة إلى موعد استشارة",
            "تحية طيبة،\n\n"
            "ندعوكم إلى لقاء للحديث عن مدرسة {child}.\n\n"
            "الموعد: {date} الساعة {time}\n"
            "المكان: {place}\n\n"
            "يرجى إحضار: بطاقة الهوية أو وثيقة الإقامة، وشهادة تسجيل السكن (Meldebescheinigung)، وإن وجدت، الشهادات "
            "المدرسية من المدرسة السابقة.\n\n"
            "إذا لم تستطيعوا الحضور، يرجى الاتصال بنا: {centre_phone}.\n\n"
            "مع أطيب التحيات\n{centre}",
        ),
        "uk": (
            "Запрошення на консультацію",
            "Добрий день!\n\n"
            "Запрошуємо Вас на розмову про школу для дитини {child}.\n\n"
            "Коли: {date} о {time}\n"
            "Де: {place}\n\n"
            "Будь ласка, візьміть із собою: посвідчення особи або документ про право на перебування, довідку про "
            "реєстрацію місця проживання (Meldebescheinigung) і, якщо є, табелі або свідоцтва з попередньої "
            "школи.\n\n"
            "Якщо Ви не можете прийти, будь ласка, зателефонуйте нам: {centre_phone}.\n\n"
            "З повагою\n{centre}",
        ),
        "tr": (
            "Danışma görüşmesine davet",
            "İyi günler,\n\n"
            "Sizi, {child} için okul konusunda bir görüşmeye davet ediyoruz.\n\n"
            "Ne zaman: {date}, saat {time}\n"
            "Nerede: {place}\n\n"
            "Lütfen şunları getirin: kimlik belgesi veya oturum belgesi, ikamet kayıt belgesi (Meldebescheinigung) "
            "ve varsa önceki okuldan karneler.\n\n"
            "Gelemezseniz lütfen bizi arayın: {centre_phone}.\n\n"
            "Saygılarımızla\n{centre}",
        ),
        "ru": (
            "Приглашение на консультацию",
            "Здравствуйте!\n\n"
            "Приглашаем Вас на беседу о школе для ребёнка {child}.\n\n"
            "Когда: {date} в {time}\n"
            "Где: {place}\n\n"
            "Пожалуйста, возьмите с собой: удостоверение личности или документ о праве на пребывание, справку о "
            "регистрации по месту жительства (Meldebescheinigung) и, если есть, табели или аттестаты из прежней "
            "школы.\n\n"
            "Если Вы не можете прийти, пожалуйста, позвоните нам: {centre_phone}.\n\n"
            "С уважением\n{centre}",
        ),
        "fa": (
            "دعوت به جلسه مشاوره",
            "با سلام،\n\n"
            "ما شما را برای گفتگو درباره مدرسه {child} دعوت می‌کنیم.\n\n"
            "زمان: {date} ساعت {time}\n"
            "مکان: {place}\n\n"
            "لطفاً این مدارک را همراه بیاورید: کارت شناسایی یا مدرک اقامت، گواهی ثبت محل سکونت (Meldebescheinigung) "
            "و اگر دارید، کارنامه‌های مدرسه قبلی.\n\n"
            "اگر نمی‌توانید بیایید، لطفاً با ما تماس بگیرید: {centre_phone}.\n\n"
            "با احترام\n{centre}",
        ),
        "ro": (
            "Invitație la o discuție de consiliere",
            "Bună ziua,\n\n"
            "Vă invităm la o discuție despre școală pentru {child}.\n\n"
            "Când: {date}, ora {time}\n"
            "Unde: {place}\n\n"
            "Vă rugăm să aduceți: actul de identitate sau documentul de ședere, adeverința de înregistrare a "
            "domiciliului (Meldebescheinigung) și, dacă aveți, certificatele cu note de la școala anterioară.\n\n"
            "Dacă nu puteți veni, vă rugăm să ne sunați: {centre_phone}.\n\n"
            "Cu stimă\n{centre}",
        ),
        "bg": (
            "Покана за консултация",
            "Добър ден,\n\n"
            "Каним Ви на разговор относно училището за {child}.\n\n"
            "Кога: {date} в {time} ч.\n"
            "Къде: {place}\n\n"
            "Моля, донесете: документ за самоличност или документ за пребиваване, удостоверение за адресна "
            "регистрация (Meldebescheinigung) и, ако имате, свидетелства от предишното училище.\n\n"
            "Ако не можете да дойдете, моля, обадете ни се: {centre_phone}.\n\n"
            "С уважение\n{centre}",
        ),
        "pl": (
            "Zaproszenie na rozmowę doradczą",
            "Dzień dobry,\n\n"
            "Zapraszamy Państwa na rozmowę o szkole dla dziecka {child}.\n\n"
            "Kiedy: {date} o godzinie {time}\n"
            "Gdzie: {place}\n\n"
            "Prosimy zabrać ze sobą: dowód tożsamości lub dokument pobytowy, zaświadczenie o zameldowaniu "
            "(Meldebescheinigung) oraz, jeśli Państwo mają, świadectwa z poprzedniej szkoły.\n\n"
            "Jeśli nie mogą Państwo przyjść, prosimy do nas zadzwonić: {centre_phone}.\n\n"
            "Z poważaniem\n{centre}",
        ),
    },
    "appointment": {
        "de": (
            "Termin zur Schuleingangsuntersuchung",
            "Guten Tag,\n\n"
            "bevor {child} zur Schule geht, untersucht das Gesundheitsamt Ihr Kind (Hören, Sehen, "
            "körperliche Untersuchung, Masernimpfung).\n\n"
            "Wann: {date} um {time} Uhr\n"
            "Wo: {place}\n\n"
            "Bitte bringen Sie den Impfpass und, wenn vorhanden, Arztberichte mit.\n\n"
            "Wenn Sie nicht kommen können, rufen Sie uns bitte an: {centre_phone}.\n\n"
            "Mit freundlichen Grüßen\n{centre}",
        ),
        "en": (
            "Appointment for the school health examination",
            "Hello,\n\n"
            "before {child} starts school, the health office examines your child (hearing, sight, "
            "physical examination, measles vaccination).\n\n"
            "When: {date} at {time}\n"
            "Where: {place}\n\n"
            "Please bring the vaccination record and, if you have them, doctors' reports.\n\n"
            "If you cannot come, please call us: {centre_phone}.\n\n"
            "Kind regards\n{centre}",
        ),
        "ar": (
            "موعد الفحص الطبي قبل دخول المدرسة",
            "تحية طيبة،\n\n"
            "قبل دخول {child} إلى المدرسة، تفحص دائرة الصحة (Gesundheitsamt) طفلكم (السمع، النظر، فحص جسدي، التطعيم "
            "ضد الحصبة).\n\n"
            "الموعد: {date} الساعة {time}\n"
            "المكان: {place}\n\n"
            "يرجى إحضار دفتر التطعيم، وإن وجدت، التقارير الطبية.\n\n"
            "إذا لم تستطيعوا الحضور، يرجى الاتصال بنا: {centre_phone}.\n\n"
            "مع أطيب التحيات\n{centre}",
        ),
        "uk": (
            "Дата медичного огляду перед вступом до школи",
            "Добрий день!\n\n"
            "Перед тим як {child} піде до школи, управління охорони здоров'я (Gesundheitsamt) обстежить Вашу дитину "
            "(слух, зір, загальний огляд, щеплення від кору).\n\n"
            "Коли: {date} о {time}\n"
            "Де: {place}\n\n"
            "Будь ласка, візьміть із собою картку щеплень і, якщо є, медичні висновки лікарів.\n\n"
            "Якщо Ви не можете прийти, будь ласка, зателефонуйте нам: {centre_phone}.\n\n"
            "З повагою\n{centre}",
        ),
        "tr": (
            "Okula başlama sağlık muayenesi randevusu",
            "İyi günler,\n\n"
            "{child} okula başlamadan önce Sağlık Dairesi (Gesundheitsamt) çocuğunuzu muayene eder (işitme, görme, "
            "beden muayenesi, kızamık aşısı).\n\n"
            "Ne zaman: {date}, saat {time}\n"
            "Nerede: {place}\n\n"
            "Lütfen aşı karnesini ve varsa doktor raporlarını getirin.\n\n"
            "Gelemezseniz lütfen bizi arayın: {centre_phone}.\n\n"
            "Saygılarımızla\n{centre}",
        ),
        "ru": (
            "Дата медицинского осмотра перед поступлением в школу",
            "Здравствуйте!\n\n"
            "Перед тем как {child} пойдёт в школу, управление здравоохранения (Gesundheitsamt) обследует Вашего "
            "ребёнка (слух, зрение, общий осмотр, прививка от кори).\n\n"
            "Когда: {date} в {time}\n"
            "Где: {place}\n\n"
            "Пожалуйста, возьмите с собой карту прививок и, если есть, заключения врачей.\n\n"
            "Если Вы не можете прийти, пожалуйста, позвоните нам: {centre_phone}.\n\n"
            "С уважением\n{centre}",
        ),
        "fa": (
            "وقت معاینه پزشکی پیش از ورود به مدرسه",
            "با سلام،\n\n"
            "پیش از آنکه {child} به مدرسه برود، اداره بهداشت (Gesundheitsamt) فرزند شما را معاینه می‌کند (شنوایی، "
            "بینایی، معاینه بدنی، واکسن سرخک).\n\n"
            "زمان: {date} ساعت {time}\n"
            "مکان: {place}\n\n"
            "لطفاً کارت واکسن و اگر دارید، گزارش‌های پزشکی را همراه بیاورید.\n\n"
            "اگر نمی‌توانید بیایید، لطفاً با ما تماس بگیرید: {centre_phone}.\n\n"
            "با احترام\n{centre}",
        ),
        "ro": (
            "Programare la examinarea medicală pentru intrarea în școală",
            "Bună ziua,\n\n"
            "Înainte ca {child} să meargă la școală, Direcția de Sănătate Publică (Gesundheitsamt) examinează "
            "copilul dumneavoastră (auz, văz, examinare fizică, vaccinarea împotriva rujeolei (pojarului)).\n\n"
            "Când: {date}, ora {time}\n"
            "Unde: {place}\n\n"
            "Vă rugăm să aduceți carnetul de vaccinări și, dacă aveți, rapoartele medicale.\n\n"
            "Dacă nu puteți veni, vă rugăm să ne sunați: {centre_phone}.\n\n"
            "Cu stimă\n{centre}",
        ),
        "bg": (
            "Час за медицински преглед преди постъпване в училище",
            "Добър ден,\n\n"
            "Преди {child} да тръгне на училище, Здравната служба (Gesundheitsamt) преглежда детето Ви (слух, "
            "зрение, физически преглед, ваксина срещу морбили (дребна шарка)).\n\n"
            "Кога: {date} в {time} ч.\n"
            "Къде: {place}\n\n"
            "Моля, донесете имунизационния паспорт и, ако имате, медицински документи от лекари.\n\n"
            "Ако не можете да дойдете, моля, обадете ни се: {centre_phone}.\n\n"
            "С уважение\n{centre}",
        ),
        "pl": (
            "Termin badania lekarskiego przed pójściem do szkoły",
            "Dzień dobry,\n\n"
            "Zanim {child} pójdzie do szkoły, urząd zdrowia (Gesundheitsamt) zbada Państwa dziecko (słuch, wzrok, "
            "ogólne badanie lekarskie, szczepienie przeciw odrze).\n\n"
            "Kiedy: {date} o godzinie {time}\n"
            "Gdzie: {place}\n\n"
            "Prosimy zabrać książeczkę szczepień oraz, jeśli Państwo mają, dokumenty od lekarzy.\n\n"
            "Jeśli nie mogą Państwo przyjść, prosimy do nas zadzwonić: {centre_phone}.\n\n"
            "Z poważaniem\n{centre}",
        ),
    },
    "placement": {
        "de": (
            "Ihr Kind hat einen Schulplatz",
            "Guten Tag,\n\n"
            "{child} hat einen Platz an dieser Schule:\n\n"
            "{school}\n{school_address}\n\n"
            "Erster Schultag: {first_school_day}\n\n"
            "Bitte melden Sie sich vorher im Sekretariat der Schule. Bei Fragen rufen Sie uns an: "
            "{centre_phone}.\n\n"
            "Mit freundlichen Grüßen\n{centre}",
        ),
        "en": (
            "Your child has a school place",
            "Hello,\n\n"
            "{child} has a place at this school:\n\n"
            "{school}\n{school_address}\n\n"
            "First school day: {first_school_day}\n\n"
            "Please contact the school office before that day. If you have questions, call us: "
            "{centre_phone}.\n\n"
            "Kind regards\n{centre}",
        ),
        "ar": (
            "لطفلكم مكان في مدرسة",
            "تحية طيبة،\n\n"
            "يوجد مكان لـ {child} في هذه المدرسة:\n\n"
            "{school}\n{school_address}\n\n"
            "أول يوم دراسي: {first_school_day}\n\n"
            "يرجى التواصل مع سكرتارية المدرسة قبل ذلك اليوم. إذا كانت لديكم أسئلة، اتصلوا بنا: {centre_phone}.\n\n"
            "مع أطيب التحيات\n{centre}",
        ),
        "uk": (
            "Ваша дитина має місце в школі",
            "Добрий день!\n\n"
            "{child} має місце в цій школі:\n\n"
            "{school}\n{school_address}\n\n"
            "Перший день у школі: {first_school_day}\n\n"
            "Будь ласка, заздалегідь зверніться до секретаріату школи. Якщо у Вас є запитання, зателефонуйте нам: "
            "{centre_phone}.\n\n"
            "З повагою\n{centre}",
        ),
        "tr": (
            "Çocuğunuz için okulda yer var",
            "İyi günler,\n\n"
            "{child} için bu okulda bir yer var:\n\n"
            "{school}\n{school_address}\n\n"
            "İlk okul günü: {first_school_day}\n\n"
            "Lütfen bu günden önce okulun sekreterliğine başvurun. Sorularınız için bizi arayın: {centre_phone}.\n\n"
            "Saygılarımızla\n{centre}",
        ),
        "ru": (
            "У Вашего ребёнка есть место в школе",
            "Здравствуйте!\n\n"
            "Для ребёнка {child} есть место в этой школе:\n\n"
            "{school}\n{school_address}\n\n"
            "Первый день в школе: {first_school_day}\n\n"
            "Пожалуйста, заранее обратитесь в секретариат школы. Если у Вас есть вопросы, позвоните нам: "
            "{centre_phone}.\n\n"
            "С уважением\n{centre}",
        ),
        "fa": (
            "فرزند شما در مدرسه جا دارد",
            "با سلام،\n\n"
            "{child} در این مدرسه جا دارد:\n\n"
            "{school}\n{school_address}\n\n"
            "اولین روز مدرسه: {first_school_day}\n\n"
            "لطفاً پیش از آن روز به دفتر مدرسه مراجعه کنید. اگر سؤالی دارید، با ما تماس بگیرید: {centre_phone}.\n\n"
            "با احترام\n{centre}",
        ),
        "ro": (
            "Copilul dumneavoastră are un loc la școală",
            "Bună ziua,\n\n"
            "{child} are un loc la această școală:\n\n"
            "{school}\n{school_address}\n\n"
            "Prima zi de școală: {first_school_day}\n\n"
            "Vă rugăm să luați legătura înainte cu secretariatul școlii. Dacă aveți întrebări, sunați-ne: "
            "{centre_phone}.\n\n"
            "Cu stimă\n{centre}",
        ),
        "bg": (
            "Детето Ви има място в училище",
            "Добър ден,\n\n"
            "{child} има място в това училище:\n\n"
            "{school}\n{school_address}\n\n"
            "Първи учебен ден: {first_school_day}\n\n"
            "Моля, свържете се предварително с канцеларията на училището. Ако имате въпроси, обадете ни се: "
            "{centre_phone}.\n\n"
            "С уважение\n{centre}",
        ),
        "pl": (
            "Państwa dziecko ma miejsce w szkole",
            "Dzień dobry,\n\n"
            "{child} ma miejsce w tej szkole:\n\n"
            "{school}\n{school_address}\n\n"
            "Pierwszy dzień w szkole: {first_school_day}\n\n"
            "Prosimy wcześniej zgłosić się do sekretariatu szkoły. W razie pytań prosimy do nas zadzwonić: "
            "{centre_phone}.\n\n"
            "Z poważaniem\n{centre}",
        ),
    },
    "privacy": {
        "de": (
            "Datenschutzhinweise: Ihre Daten im Kommunalen Integrationszentrum",
            "Wer? {centre}, {centre_address}, Telefon {centre_phone}.\n\n"
            "Wofür? Wir beraten Sie und finden mit dem Schulamt einen Schulplatz für {child}. Dafür "
            "speichern wir: Namen, Geburtsdatum, Adresse, Telefon, Sprachen und die bisherige Schulzeit "
            "Ihres Kindes. "
            "Für die amtliche Schulstatistik, die die Schule führen muss, kommen Staatsangehörigkeit, Geburtsland "
            "und Geburtsort sowie die Sprache hinzu, die Sie zu Hause sprechen; die Schule erhält sie mit der "
            "Anmeldung.\n\n"
            "Rechtsgrundlage: Art. 6 Abs. 1 Buchst. e DSGVO mit dem Schulgesetz NRW und dem "
            "Datenschutzgesetz NRW; freiwillige Angaben nur mit Ihrer Einwilligung.\n\n"
            "Wer bekommt Daten? Das Schulamt und die Schule (nur was für die Aufnahme nötig ist), das "
            "Gesundheitsamt für die Schuleingangsuntersuchung. Dolmetschende erfahren nur Sprache, Ort "
            "und Zeit.\n\n"
            "Wie lange? Bis zwei Jahre nach dem ersten Schultag, dann löschen wir alles.\n\n"
            "Ihre Rechte: Auskunft, Berichtigung, Löschung, Einschränkung, Widerspruch, Widerruf einer "
            "Einwilligung. Beschwerde: Landesbeauftragte für Datenschutz und Informationsfreiheit NRW, "
            "Düsseldorf.",
        ),
        "en": (
            "Data protection: your data at the integration centre",
            "Who? {centre}, {centre_address}, phone {centre_phone}.\n\n"
            "What for? We advise you and find a school place for {child} together with the school "
            "authority. For this we store: your child's name, date of birth, address, phone, languages "
            "and previous schooling. "
            "For the official school statistics the school must keep, we also record nationality, country and "
            "place of birth and the language you speak at home; the school receives them with the enrolment.\n\n"
            "Legal basis: Art. 6 (1) (e) GDPR with the NRW Schools Act and the NRW Data Protection Act; "
            "voluntary information only with your consent.\n\n"
            "Who receives data? The school authority and the school (only what admission needs), the "
            "health office for the school health examination. Interpreters learn only the language, "
            "place and time.\n\n"
            "How long? Until two years after the first school day; then we delete everything.\n\n"
            "Your rights: access, correction, erasure, restriction, objection, withdrawing consent. "
            "Complaints: the NRW Commissioner for Data Protection and Freedom of Information, "
            "Düsseldorf.",
        ),
        "ar": (
            "معلومات حماية البيانات: بياناتكم في المركز البلدي للاندماج (Kommunales Integrationszentrum)",
            "من؟ {centre}، {centre_address}، الهاتف {centre_phone}.\n\n"
            "لأي غرض؟ نقدم لكم الاستشارة ونجد مع إدارة التعليم (Schulamt) مكانًا في مدرسة لـ {child}. لهذا نحفظ: "
            "الاسم، وتاريخ الميلاد، والعنوان، والهاتف، واللغات، والدراسة السابقة لطفلكم. "
            "ولأغراض الإحصاء المدرسي الرسمي الذي يجب على المدرسة إعداده، نسجل أيضًا الجنسية، وبلد الميلاد ومكانه، "
            "واللغة التي تتحدثونها في البيت؛ وتتسلمها المدرسة مع التسجيل.\n\n"
            "الأساس القانوني: المادة 6، الفقرة 1، البند (هـ) من اللائحة العامة لحماية البيانات (GDPR)، مع قانون "
            "المدارس وقانون حماية البيانات في ولاية شمال الراين - وستفاليا (NRW)؛ المعلومات الاختيارية فقط "
            "بموافقتكم.\n\n"
            "من يحصل على البيانات؟ إدارة التعليم والمدرسة (فقط ما يلزم للقبول)، ودائرة الصحة (Gesundheitsamt) من أجل "
            "الفحص الطبي قبل دخول المدرسة. المترجمون لا يعرفون إلا اللغة والمكان والوقت.\n\n"
            "إلى متى؟ حتى مرور سنتين على أول يوم دراسي، ثم نحذف كل شيء.\n\n"
            "حقوقكم: الاطلاع على البيانات، التصحيح، الحذف، تقييد المعالجة، الاعتراض، سحب الموافقة. الشكوى: "
            "Landesbeauftragte für Datenschutz und Informationsfreiheit NRW (مفوضية حماية البيانات وحرية المعلومات "
            "في ولاية شمال الراين - وستفاليا)، دوسلدورف.",
        ),
        "uk": (
            "Інформація про захист даних: Ваші дані в Комунальному інтеграційному центрі "
            "(Kommunales Integrationszentrum)",
            "Хто? {centre}, {centre_address}, телефон {centre_phone}.\n\n"
            "Для чого? Ми консультуємо Вас і разом зі шкільним управлінням (Schulamt) знаходимо місце в школі для "
            "дитини {child}. Для цього ми зберігаємо: ім'я та прізвище, дату народження, адресу, телефон, мови та "
            "попереднє навчання в школі Вашої дитини. "
            "Для офіційної шкільної статистики, яку має вести школа, ми також фіксуємо громадянство, країну та "
            "місце народження і мову, якою Ви розмовляєте вдома; школа отримує ці дані разом із записом до "
            "школи.\n\n"
            "Правова підстава: підпункт (e) пункту 1 статті 6 Загального регламенту про захист даних (GDPR) разом із "
            "Законом про школи та Законом про захист даних землі Північний Рейн-Вестфалія (NRW); добровільні "
            "відомості — лише з Вашої згоди.\n\n"
            "Хто отримує дані? Шкільне управління і школа (лише те, що потрібно для зарахування), управління охорони "
            "здоров'я (Gesundheitsamt) — для медичного огляду перед вступом до школи. Перекладачі дізнаються лише "
            "мову, місце і час.\n\n"
            "Як довго? Ще два роки після першого дня в школі, потім ми все видаляємо.\n\n"
            "Ваші права: доступ до даних, виправлення, видалення, обмеження обробки, заперечення, відкликання згоди. "
            "Скарга: Landesbeauftragte für Datenschutz und Informationsfreiheit NRW (Уповноважений з питань захисту "
            "даних і свободи інформації землі NRW), Дюссельдорф.",
        ),
        "tr": (
            "Veri koruma bilgilendirmesi: Verileriniz Belediye Entegrasyon Merkezi'nde "
            "(Kommunales Integrationszentrum)",
            "Kim? {centre}, {centre_address}, telefon {centre_phone}.\n\n"
            "Ne için? Size danışmanlık yapıyoruz ve Okul Dairesi (Schulamt) ile birlikte {child} için bir okul yeri "
            "buluyoruz. Bunun için şunları kaydediyoruz: çocuğunuzun adı, doğum tarihi, adresi, telefonu, dilleri ve "
            "şimdiye kadarki okul geçmişi. "
            "Okulun tutmakla yükümlü olduğu resmî okul istatistiği için ayrıca vatandaşlığı, doğum ülkesini, "
            "doğum yerini ve evde konuştuğunuz dili kaydediyoruz; okul bunları kayıtla birlikte alır.\n\n"
            "Hukuki dayanak: Genel Veri Koruma Tüzüğü (GDPR) madde 6 fıkra 1 bent (e) ile Kuzey Ren-Vestfalya (NRW) "
            "Okul Kanunu ve Veri Koruma Kanunu; isteğe bağlı bilgiler yalnızca onayınızla.\n\n"
            "Verileri kimler alır? Okul Dairesi ve okul (yalnızca kayıt için gerekli olanlar), okula başlama sağlık "
            "muayenesi için Sağlık Dairesi (Gesundheitsamt). Tercümanlar yalnızca dili, yeri ve saati öğrenir.\n\n"
            "Ne kadar süre? İlk okul gününden iki yıl sonrasına kadar; sonra her şeyi sileriz.\n\n"
            "Haklarınız: bilgi alma, düzeltme, silme, işlemeyi kısıtlama, itiraz, verdiğiniz onayı geri alma. "
            "Şikâyet: Landesbeauftragte für Datenschutz und Informationsfreiheit NRW (NRW Veri Koruma ve Bilgi "
            "Edinme Özgürlüğü Sorumlusu), Düsseldorf.",
        ),
        "ru": (
            "Информация о защите данных: Ваши данные в Коммунальном интеграционном центре "
            "(Kommunales Integrationszentrum)",
            "Кто? {centre}, {centre_address}, телефон {centre_phone}.\n\n"
            "Для чего? Мы консультируем Вас и вместе со школьным управлением (Schulamt) находим место в школе для "
            "ребёнка {child}. Для этого мы храним: имя и фамилию, дату рождения, адрес, телефон, языки и сведения о "
            "прежнем обучении Вашего ребёнка. "
            "Для официальной школьной статистики, которую должна вести школа, мы также записываем гражданство, "
            "страну и место рождения и язык, на котором Вы говорите дома; школа получает эти данные вместе с "
            "записью в школу.\n\n"
            "Правовое основание: подпункт (e) пункта 1 статьи 6 Общего регламента по защите данных (GDPR) вместе с "
            "Законом о школах и Законом о защите данных земли Северный Рейн-Вестфалия (NRW); добровольные сведения — "
            "только с Вашего согласия.\n\n"
            "Кто получает данные? Школьное управление и школа (только то, что нужно для приёма), управление "
            "здравоохранения (Gesundheitsamt) — для медицинского осмотра перед поступлением в школу. Переводчики "
            "узнают только язык, место и время.\n\n"
            "Как долго? Ещё два года после первого дня в школе, затем мы всё удаляем.\n\n"
            "Ваши права: получение информации, исправление, удаление, ограничение обработки, возражение, отзыв "
            "согласия. Жалоба: Landesbeauftragte für Datenschutz und Informationsfreiheit NRW (Уполномоченный по "
            "защите данных и свободе информации земли NRW), Дюссельдорф.",
        ),
        "fa": (
            "اطلاعات حفاظت از داده‌ها: داده‌های شما در مرکز ادغام شهری (Kommunales Integrationszentrum)",
            "چه کسی؟ {centre}، {centre_address}، تلفن {centre_phone}.\n\n"
            "برای چه؟ ما به شما مشاوره می‌دهیم و همراه با اداره آموزش و پرورش (Schulamt) برای {child} جای مدرسه پیدا "
            "می‌کنیم. برای این کار این موارد را ذخیره می‌کنیم: نام، تاریخ تولد، نشانی، تلفن، زبان‌ها و سابقه تحصیلی "
            "فرزند شما. "
            "برای آمار رسمی مدارس که مدرسه موظف به ثبت آن است، تابعیت، کشور و محل تولد و زبانی را که در خانه صحبت "
            "می‌کنید نیز ثبت می‌کنیم؛ مدرسه این اطلاعات را همراه با ثبت‌نام دریافت می‌کند.\n\n"
            "مبنای قانونی: ماده 6، بند 1، جزء (ه) مقررات عمومی حفاظت از داده‌ها (GDPR)، همراه با قانون مدارس و قانون "
            "حفاظت از داده‌های ایالت نوردراین-وستفالن (NRW)؛ اطلاعات داوطلبانه فقط با رضایت شما.\n\n"
            "چه کسانی داده‌ها را دریافت می‌کنند؟ اداره آموزش و پرورش و مدرسه (فقط آنچه برای پذیرش لازم است)، اداره "
            "بهداشت (Gesundheitsamt) برای معاینه پزشکی پیش از ورود به مدرسه. مترجمان فقط زبان، مکان و زمان را "
            "می‌دانند.\n\n"
            "تا چه مدت؟ تا دو سال پس از اولین روز مدرسه؛ سپس همه چیز را پاک می‌کنیم.\n\n"
            "حقوق شما: دریافت اطلاعات، اصلاح، حذف، محدود کردن پردازش، اعتراض، پس گرفتن رضایت. شکایت: "
            "Landesbeauftragte für Datenschutz und Informationsfreiheit NRW (مسئول حفاظت از داده‌ها و آزادی اطلاعات "
            "ایالت NRW)، دوسلدورف.",
        ),
        "ro": (
            "Informații privind protecția datelor: datele dumneavoastră la Centrul Comunal de Integrare "
            "(Kommunales Integrationszentrum)",
            "Cine? {centre}, {centre_address}, telefon {centre_phone}.\n\n"
            "Pentru ce? Vă oferim consiliere și, împreună cu Inspectoratul Școlar (Schulamt), găsim un loc la școală "
            "pentru {child}. Pentru aceasta păstrăm: numele, data nașterii, adresa, telefonul, limbile vorbite și "
            "școlaritatea de până acum a copilului dumneavoastră. "
            "Pentru statistica școlară oficială pe care școala trebuie să o țină, înregistrăm și cetățenia, țara "
            "și locul nașterii și limba pe care o vorbiți acasă; școala le primește odată cu înscrierea.\n\n"
            "Temei juridic: art. 6 alin. (1) lit. (e) din RGPD, împreună cu Legea școlară și Legea privind protecția "
            "datelor din Renania de Nord-Westfalia (NRW); informațiile opționale numai cu consimțământul "
            "dumneavoastră.\n\n"
            "Cine primește datele? Inspectoratul Școlar și școala (numai ce este necesar pentru înscriere), Direcția "
            "de Sănătate Publică (Gesundheitsamt) pentru examinarea medicală pentru intrarea în școală. Interpreții "
            "află numai limba, locul și ora.\n\n"
            "Cât timp? Până când trec doi ani de la prima zi de școală, apoi ștergem totul.\n\n"
            "Drepturile dumneavoastră: acces la date, rectificare, ștergere, restricționarea prelucrării, opoziție, "
            "retragerea consimțământului. Plângere: Landesbeauftragte für Datenschutz und Informationsfreiheit NRW "
            "(Comisarul pentru protecția datelor și libertatea informației din NRW), Düsseldorf.",
        ),
        "bg": (
            "Информация за защита на данните: Вашите данни в Общинския център за интеграция "
            "(Kommunales Integrationszentrum)",
            "Кой? {centre}, {centre_address}, телефон {centre_phone}.\n\n"
            "За какво? Ние Ви консултираме и заедно с управлението по образованието (Schulamt) намираме място в "
            "училище за {child}. За това съхраняваме: имената, датата на раждане, адреса, телефона, езиците и "
            "досегашното обучение на детето Ви. "
            "За официалната училищна статистика, която училището трябва да води, записваме също гражданството, "
            "държавата и мястото на раждане и езика, който говорите у дома; училището ги получава със "
            "записването.\n\n"
            "Правно основание: чл. 6, параграф 1, буква „д“ от Общия регламент относно защитата на данните (ОРЗД), "
            "заедно със Закона за училищата и Закона за защита на данните на провинция Северен Рейн-Вестфалия (NRW); "
            "доброволни данни само с Вашето съгласие.\n\n"
            "Кой получава данни? Управлението по образованието и училището (само това, което е нужно за приема), "
            "Здравната служба (Gesundheitsamt) за медицинския преглед преди постъпване в училище. Преводачите "
            "научават само езика, мястото и часа.\n\n"
            "Колко дълго? Още две години след първия учебен ден, след това изтриваме всичко.\n\n"
            "Вашите права: достъп, коригиране, изтриване, ограничаване на обработването, възражение, оттегляне на "
            "съгласие. Жалба: Landesbeauftragte für Datenschutz und Informationsfreiheit NRW (Комисар по защита на "
            "данните и свобода на информацията на NRW), Дюселдорф.",
        ),
        "pl": (
            "Informacja o ochronie danych: Państwa dane w Komunalnym Centrum Integracji "
            "(Kommunales Integrationszentrum)",
            "Kto? {centre}, {centre_address}, telefon {centre_phone}.\n\n"
            "W jakim celu? Doradzamy Państwu i razem z urzędem szkolnym (Schulamt) znajdujemy miejsce w szkole dla "
            "dziecka {child}. W tym celu przechowujemy: imię i nazwisko, datę urodzenia, adres, telefon, języki oraz "
            "dotychczasową naukę w szkole Państwa dziecka. "
            "Na potrzeby urzędowej statystyki szkolnej, którą musi prowadzić szkoła, zapisujemy też obywatelstwo, "
            "kraj i miejsce urodzenia oraz język, którym mówią Państwo w domu; szkoła otrzymuje je wraz z "
            "zapisem.\n\n"
            "Podstawa prawna: art. 6 ust. 1 lit. e RODO w związku z ustawą o szkołach i ustawą o ochronie danych "
            "Nadrenii Północnej-Westfalii (NRW); dane dobrowolne tylko za Państwa zgodą.\n\n"
            "Kto otrzymuje dane? Urząd szkolny i szkoła (tylko to, co jest potrzebne do przyjęcia), urząd zdrowia "
            "(Gesundheitsamt) do badania lekarskiego przed pójściem do szkoły. Tłumacze poznają tylko język, miejsce "
            "i godzinę.\n\n"
            "Jak długo? Do upływu dwóch lat od pierwszego dnia w szkole, potem wszystko usuwamy.\n\n"
            "Państwa prawa: dostęp do danych, sprostowanie, usunięcie, ograniczenie przetwarzania, sprzeciw, "
            "wycofanie zgody. Skarga: Landesbeauftragte für Datenschutz und Informationsfreiheit NRW (Pełnomocnik "
            "ds. Ochrony Danych i Wolności Informacji NRW), Düsseldorf.",
        ),
    },
}
