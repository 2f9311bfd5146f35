"""Java collections and boxed values to plain Python values (dict, list, str, int, float, bool, None)."""


def plain(value):
    import jpype
    if value is None:
        return None
    if isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, jpype.JString):
        return str(value)
    if isinstance(value, jpype.JBoolean) or isinstance(value, jpype.JClass("java.lang.Boolean")):
        return bool(value)
    if isinstance(value, jpype.JClass("java.lang.Number")):
        cls = str(value.getClass().getName())
        if cls in ("java.lang.Double", "java.lang.Float", "java.math.BigDecimal"):
            return float(value.doubleValue())
        return int(value.longValue())
    if isinstance(value, jpype.JClass("java.util.Map")):
        return {str(k): plain(v) for k, v in ((e.getKey(), e.getValue()) for e in value.entrySet())}
    if isinstance(value, jpype.JClass("java.lang.Iterable")):
        return [plain(v) for v in value]
    if isinstance(value, jpype.JArray):
        return [plain(v) for v in value]
    return str(value.toString())
